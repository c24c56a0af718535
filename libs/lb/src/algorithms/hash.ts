/**
 * hash <expr>: hash of a sample expression's value, computed by the rules engine
 * and passed as `PickInput.key`. Missing key: round-robin.
 * Dynamic: with hash-type consistent only.
 * HAProxy reference: src/backend.c get_server_expr()
 */
import { err, ok, type Result } from '@switchyard/types'
import { defineBalance, type Balancer, type BalanceArgs, type HashOptions, type PickInput, type ServerSlot } from '../balancer.js'
import { toBytes } from '../bytes.js'
import { createHashed } from '../hashed.js'
import { genHash } from '../hash.js'

export const hashExpr = defineBalance({
  name: 'hash',
  usage: 'hash <expr>',
  dynamic: false,
  httpOnly: false,
  hashed: true,
  parseArgs: parseExprArgs,
  create: (servers: readonly ServerSlot[], args: BalanceArgs, hash: HashOptions): Balancer =>
    createHashed(servers, args, hash, (input) => keyHash(input, hash)),
})

function parseExprArgs (args: readonly string[]): Result<BalanceArgs> {
  if (args.length === 0) return err("'hash' expects a sample expression")
  return ok({ expr: args.join(' ') })
}

function keyHash (input: PickInput, hash: HashOptions): number | undefined {
  if (input.key === undefined) return undefined
  return genHash(hash, typeof input.key === 'string' ? toBytes(input.key) : input.key)
}

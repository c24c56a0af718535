/**
 * uri: hash of the request URI up to '?' (all of it with `whole`), optionally
 * cut at `len` chars or `depth` directories, or only its path (`path-only`).
 * Dynamic: with hash-type consistent only. HTTP only.
 * HAProxy reference: src/backend.c get_server_uh(), backend_parse_balance(); src/http.c http_get_path()
 */
import { err, ok, type Result } from '@switchyard/types'
import { defineBalance, type Balancer, type BalanceArgs, type HashOptions, type PickInput, type ServerSlot } from '../balancer.js'
import { argFlag, argNumber, positiveInt } from '../args.js'
import { toBytes } from '../bytes.js'
import { createHashed } from '../hashed.js'
import { genHash } from '../hash.js'

const SLASH = 0x2f
const QMARK = 0x3f

export const uri = defineBalance({
  name: 'uri',
  usage: 'uri [len <n>] [depth <n>] [whole] [path-only]',
  dynamic: false,
  httpOnly: true,
  hashed: true,
  parseArgs: parseUriArgs,
  create: (servers: readonly ServerSlot[], args: BalanceArgs, hash: HashOptions): Balancer =>
    createHashed(servers, args, hash, (input) => uriHash(input, args, hash)),
})

function parseUriArgs (args: readonly string[]): Result<BalanceArgs> {
  const out: Record<string, number | boolean> = {}
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? ''
    if (word === 'whole' || word === 'path-only') {
      out[word === 'whole' ? 'whole' : 'pathOnly'] = true
    } else if (word === 'len' || word === 'depth') {
      const n = positiveInt(args[++i])
      if (n === undefined) return err(`uri: '${word}' expects a positive integer, got '${args[i] ?? ''}'`)
      out[word] = n
    } else {
      return err(`uri only accepts parameters 'len', 'depth', 'path-only', and 'whole', got '${word}'`)
    }
  }
  return ok(out)
}

function isAlpha (c: number): boolean { return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a }
function isSchemeChar (c: number): boolean {
  return isAlpha(c) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e
}

/** http_get_path(): the path of an origin- or absolute-form URI, empty if none. */
export function httpGetPath (u: Buffer): Buffer {
  let p = 0
  if (u.length === 0 || u[0] === 0x2a) return u.subarray(0, 0)
  if (isAlpha(u[0] ?? 0)) {
    p++
    while (p < u.length && isSchemeChar(u[p] ?? 0)) p++
    if (u.subarray(p, p + 3).toString('latin1') !== '://') return u.subarray(0, 0)
    p += 3
  }
  while (p < u.length && u[p] !== SLASH) p++
  return u.subarray(p)
}

/** The part of the URI get_server_uh() hashes. */
export function uriHashPart (target: string, args: BalanceArgs): Buffer {
  const bytes = argFlag(args, 'pathOnly') ? httpGetPath(toBytes(target)) : toBytes(target)
  const stopAt = argNumber(args, 'depth', 0) + 1
  const whole = argFlag(args, 'whole')
  let len = Math.min(bytes.length, argNumber(args, 'len', bytes.length))
  let end = 0
  let slashes = 0
  while (len-- > 0) {
    const c = bytes[end]
    if (c === SLASH && ++slashes === stopAt && stopAt > 1) break
    if (c === QMARK && !whole) break
    end++
  }
  return bytes.subarray(0, end)
}

function uriHash (input: PickInput, args: BalanceArgs, hash: HashOptions): number | undefined {
  return input.uri === undefined ? undefined : genHash(hash, uriHashPart(input.uri, args))
}

/**
 * hdr(<name>): hash of the first value of a request header; `use_domain_only`
 * hashes only the label before the TLD ("example" of "www.example.com").
 * Missing or empty header: round-robin.
 * Dynamic: with hash-type consistent only. HTTP only.
 * HAProxy reference: src/backend.c get_server_hh(), backend_parse_balance()
 */
import { err, ok, type Result } from '@switchyard/types'
import { defineBalance, type Balancer, type BalanceArgs, type HashOptions, type PickInput, type ServerSlot } from '../balancer.js'
import { argFlag, argString } from '../args.js'
import { toBytes } from '../bytes.js'
import { createHashed } from '../hashed.js'
import { genHash } from '../hash.js'

const DOT = 0x2e

export const hdr = defineBalance({
  name: 'hdr',
  usage: 'hdr(<name>) [use_domain_only]',
  dynamic: false,
  httpOnly: true,
  hashed: true,
  parseArgs: parseHdrArgs,
  create: (servers: readonly ServerSlot[], args: BalanceArgs, hash: HashOptions): Balancer =>
    createHashed(servers, args, hash, (input) => hdrHash(input, args, hash)),
})

/** args[0] is the name inside `hdr(...)` (see splitBalanceWord). */
function parseHdrArgs (args: readonly string[]): Result<BalanceArgs> {
  const [header, modifier, extra] = args
  if (header === undefined || header === '') return err('hdr requires an http header field name')
  if (modifier === undefined) return ok({ header })
  if (modifier !== 'use_domain_only') return err(`hdr(${header}) only accepts 'use_domain_only' modifier, got '${modifier}'`)
  if (extra !== undefined) return err(`hdr(${header}): unexpected argument '${extra}'`)
  return ok({ header, useDomainOnly: true })
}

/** First comma-separated value, OWS-trimmed, as http_find_header(full=0) returns it. */
export function firstValue (value: string): string {
  return (value.split(',')[0] ?? '').replace(/^[ \t]+|[ \t]+$/g, '')
}

/** The label before the last dot ("example" of "www.example.com"), or all of it without dots. */
export function domainOnly (v: Buffer): Buffer {
  let len = v.length
  let p = len
  let end = p
  let inDomain = false
  while (len > 0) {
    if (inDomain) {
      if (v[p - 1] === DOT) break
    } else if (v[p] === DOT) {
      end = p
      inDomain = true
    }
    p--
    len--
  }
  return v.subarray(p, end)
}

function hdrHash (input: PickInput, args: BalanceArgs, hash: HashOptions): number | undefined {
  const raw = input.header?.(argString(args, 'header') ?? '')
  const value = raw === undefined ? '' : firstValue(raw)
  if (value === '') return undefined
  const bytes = toBytes(value)
  return genHash(hash, argFlag(args, 'useDomainOnly') ? domainOnly(bytes) : bytes)
}

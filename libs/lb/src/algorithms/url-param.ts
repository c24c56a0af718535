/**
 * url_param: hash of the value of one query-string parameter; with `check_post`,
 * of the same parameter in a urlencoded body when the query lacks it.
 * Not found: round-robin. `max_wait` is accepted and ignored (as HAProxy 2.x does).
 * Dynamic: with hash-type consistent only. HTTP only.
 * HAProxy reference: src/backend.c get_server_ph(), get_server_ph_post()
 */
import { err, ok, type Result } from '@switchyard/types'
import { defineBalance, type Balancer, type BalanceArgs, type HashOptions, type PickInput, type ServerSlot } from '../balancer.js'
import { argFlag, argString, positiveInt } from '../args.js'
import { toBytes } from '../bytes.js'
import { createHashed } from '../hashed.js'
import { genHash } from '../hash.js'

const AMP = 0x26
const EQ = 0x3d

export const urlParam = defineBalance({
  name: 'url_param',
  usage: 'url_param <param> [check_post [<max_wait>]]',
  dynamic: false,
  httpOnly: true,
  hashed: true,
  parseArgs: parseUrlParamArgs,
  create: (servers: readonly ServerSlot[], args: BalanceArgs, hash: HashOptions): Balancer =>
    createHashed(servers, args, hash, (input) => urlParamHash(input, args, hash)),
})

function parseUrlParamArgs (args: readonly string[]): Result<BalanceArgs> {
  const [param, modifier, maxWait, extra] = args
  if (param === undefined || param === '') return err('url_param requires an URL parameter name')
  if (modifier === undefined) return ok({ param })
  if (modifier !== 'check_post') return err(`url_param only accepts 'check_post' modifier, got '${modifier}'`)
  if (maxWait === undefined) return ok({ param, checkPost: true })
  const wait = positiveInt(maxWait)
  if (wait === undefined) return err(`url_param: 'check_post' expects <max_wait> as a positive integer, got '${maxWait}'`)
  if (extra !== undefined) return err(`url_param: unexpected argument '${extra}'`)
  return ok({ param, checkPost: true, maxWait: wait })
}

/** RFC 7230 tchar (HTTP_IS_TOKEN). */
function isToken (c: number): boolean {
  return /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(String.fromCharCode(c))
}

function isLws (c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a
}

/**
 * The value of `name` in an `a=1&b=2` list starting at `from`, or undefined.
 * `strict`: body mode, where a value not starting with a token char is not urlencoded.
 */
export function findParam (buf: Buffer, from: number, name: Buffer, strict: boolean): Buffer | undefined {
  const plen = name.length
  let params = from
  let left = buf.length - from
  while (left > plen) {
    if (buf[params + plen] === EQ && buf.compare(name, 0, plen, params, params + plen) === 0) {
      const start = params + plen + 1
      let end = start
      let rest = left - plen - 1
      while (rest > 0 && buf[end] !== AMP) {
        const c = buf[start] ?? 0
        if (strict && !isToken(c)) {
          if (isLws(c)) break
          return undefined
        }
        rest--
        end++
      }
      return buf.subarray(start, end)
    }
    const amp = buf.subarray(params, params + left).indexOf(AMP)
    if (amp < 0) return undefined
    left -= amp + 1
    params += amp + 1
  }
  return undefined
}

function urlParamHash (input: PickInput, args: BalanceArgs, hash: HashOptions): number | undefined {
  const name = toBytes(argString(args, 'param') ?? '')
  const target = input.uri === undefined ? undefined : toBytes(input.uri)
  const q = target?.indexOf(0x3f) ?? -1
  let value = target !== undefined && q >= 0 ? findParam(target, q + 1, name, false) : undefined
  if (value === undefined && argFlag(args, 'checkPost') && input.body !== undefined) {
    value = findParam(input.body, 0, name, true)
  }
  return value === undefined ? undefined : genHash(hash, value)
}

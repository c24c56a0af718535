/**
 * rdp-cookie[(<name>)]: hash of the RDP cookie (default `mstshash`) found in the
 * client's first payload (`PickInput.body`): "Cookie: <name>=<value>\r\n" after
 * the 11-byte X.224 header. Not found: round-robin.
 * Dynamic: with hash-type consistent only.
 * HAProxy reference: src/backend.c get_server_rch(); src/payload.c fetch_rdp_cookie_name()
 */
import { err, ok, type Result } from '@switchyard/types'
import { defineBalance, type Balancer, type BalanceArgs, type HashOptions, type PickInput, type ServerSlot } from '../balancer.js'
import { argString } from '../args.js'
import { createHashed } from '../hashed.js'
import { genHash } from '../hash.js'

const X224_HEADER = 11

export const rdpCookie = defineBalance({
  name: 'rdp-cookie',
  usage: 'rdp-cookie[(<name>)]',
  dynamic: false,
  httpOnly: false,
  hashed: true,
  parseArgs: parseRdpArgs,
  create: (servers: readonly ServerSlot[], args: BalanceArgs, hash: HashOptions): Balancer =>
    createHashed(servers, args, hash, (input) => rdpHash(input, args, hash)),
})

function parseRdpArgs (args: readonly string[]): Result<BalanceArgs> {
  const [cookie, extra] = args
  if (cookie === '') return err('rdp-cookie: missing cookie name')
  if (extra !== undefined) return err(`rdp-cookie: unexpected argument '${extra}'`)
  return ok({ cookie: cookie ?? 'mstshash' })
}

/** The cookie value of an X.224 connection request, or undefined. */
export function rdpCookieValue (payload: Buffer, name: string): Buffer | undefined {
  const text = payload.subarray(X224_HEADER).toString('latin1')
  if (text.slice(0, 7).toLowerCase() !== 'cookie:') return undefined
  const rest = text.slice(7).replace(/^ +/, '')
  if (rest.length <= name.length || rest[name.length] !== '=') return undefined
  if (rest.slice(0, name.length).toLowerCase() !== name.toLowerCase()) return undefined
  const value = rest.slice(name.length + 1)
  const cr = value.indexOf('\r')
  if (cr <= 0 || value[cr + 1] !== '\n') return undefined
  return Buffer.from(value.slice(0, cr), 'latin1')
}

function rdpHash (input: PickInput, args: BalanceArgs, hash: HashOptions): number | undefined {
  const value = input.body === undefined ? undefined : rdpCookieValue(input.body, argString(args, 'cookie') ?? 'mstshash')
  return value === undefined ? undefined : genHash(hash, value)
}

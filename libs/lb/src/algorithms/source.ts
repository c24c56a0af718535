/**
 * source: hash of the client address, so one client keeps reaching one server
 * while the server set is stable. Like HAProxy, XORs the address' 32-bit words
 * (4 bytes IPv4, 16 bytes IPv6) and ignores the hash-type function; avalanche applies.
 * Dynamic: with hash-type consistent only.
 * HAProxy reference: src/backend.c get_server_sh()
 */
import { defineBalance, noArgs, type Balancer, type BalanceArgs, type HashOptions, type PickInput, type ServerSlot } from '../balancer.js'
import { parseIp } from '../bytes.js'
import { createHashed } from '../hashed.js'
import { fullHash } from '../hash.js'

export const source = defineBalance({
  name: 'source',
  usage: 'source',
  dynamic: false,
  httpOnly: false,
  hashed: true,
  parseArgs: noArgs,
  create: (servers: readonly ServerSlot[], args: BalanceArgs, hash: HashOptions): Balancer =>
    createHashed(servers, args, hash, (input) => sourceHash(input, hash)),
})

/** XOR of the address' big-endian 32-bit words; undefined for non-IP sources (round-robin). */
export function sourceHash (input: PickInput, hash: HashOptions): number | undefined {
  const addr = parseIp(input.src)
  if (addr === undefined) return undefined
  let h = 0
  for (let l = 0; l + 4 <= addr.length; l += 4) h = (h ^ addr.readUInt32BE(l)) >>> 0
  return hash.avalanche ? fullHash(h) : h
}

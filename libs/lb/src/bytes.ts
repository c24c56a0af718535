/**
 * Byte views of request text for hashing: strings as HAProxy sees them on the
 * wire, and client addresses as raw network-order bytes (4 or 16).
 */
import { isIPv4, isIPv6 } from 'node:net'

/** Latin-1 when every char fits a byte (raw wire text), UTF-8 otherwise. */
export function toBytes (text: string): Buffer {
  return Buffer.from(text, /^[\u0000-\u00ff]*$/.test(text) ? 'latin1' : 'utf8')
}

function ipv4Bytes (text: string): number[] {
  return text.split('.').map((p) => Number(p))
}

function groupBytes (groups: readonly string[]): number[] {
  return groups.flatMap((g) => {
    if (g.includes('.')) return ipv4Bytes(g)
    const v = parseInt(g, 16)
    return [v >> 8, v & 0xff]
  })
}

function ipv6Bytes (text: string): number[] {
  const [head = '', tail] = text.split('::')
  const left = head === '' ? [] : groupBytes(head.split(':'))
  if (tail === undefined) return left
  const right = tail === '' ? [] : groupBytes(tail.split(':'))
  return [...left, ...new Array<number>(16 - left.length - right.length).fill(0), ...right]
}

/** Network-order address bytes of '10.0.0.1' / '::1' / '[fe80::1%eth0]', or undefined. */
export function parseIp (text: string): Buffer | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')
  if (isIPv4(bare)) return Buffer.from(ipv4Bytes(bare))
  if (isIPv6(bare)) return Buffer.from(ipv6Bytes(bare))
  return undefined
}

/**
 * `option forwardfor` and `option originalto`: the client's source (or original
 * destination) address added to the request, with `except <network>`,
 * `header <name>` and `if-none`. The network is compiled once at load.
 * HAProxy reference: src/http_ana.c http_process_request() (X-Forwarded-For part)
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net'
import type { ForwardForModel } from '@switchyard/config'

export type AddressHeader = {
  readonly header: string
  readonly lowerHeader: string
  readonly ifNone: boolean
  /** True when the address is in the `except` network (no header then). */
  readonly excepted: (ip: string) => boolean
}

export function compileAddressHeader (m: ForwardForModel | undefined): AddressHeader | undefined {
  if (m === undefined) return undefined
  const list = m.except === undefined ? undefined : exceptList(m.except)
  return {
    header: m.header,
    lowerHeader: m.header.toLowerCase(),
    ifNone: m.ifNone,
    excepted: list === undefined ? () => false : (ip) => {
      const plain = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip
      if (isIPv4(plain)) return list.check(plain, 'ipv4')
      if (isIPv6(plain)) return list.check(plain, 'ipv6')
      return false
    },
  }
}

function exceptList (net: string): BlockList {
  const list = new BlockList()
  const [addr, bits] = net.split('/')
  const a = addr as string
  const family = isIPv6(a) ? 'ipv6' : 'ipv4'
  const prefix = bits === undefined ? (family === 'ipv6' ? 128 : 32) : bits.includes('.') ? maskBits(bits) : Number(bits)
  list.addSubnet(a, prefix, family)
  return list
}

/** 255.255.255.0 -> 24 (HAProxy accepts dotted masks). */
function maskBits (mask: string): number {
  return mask.split('.').reduce((n, o) => n + (Number(o) >>> 0).toString(2).replace(/0/g, '').length, 0)
}

/** The address as HAProxy writes it in X-Forwarded-For (IPv4-mapped IPv6 shown as IPv4). */
export function displayAddress (ip: string | undefined): string {
  if (ip === undefined) return ''
  return ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip
}

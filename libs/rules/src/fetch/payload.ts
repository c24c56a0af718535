/**
 * Fetches on the client bytes held for `tcp-request content` inspection: their
 * length, a slice, and what a TLS ClientHello says (its type, the SNI).
 * HAProxy reference: src/payload.c smp_fetch_req_ssl_hello_type(), smp_fetch_ssl_hello_sni()
 */
import { defineFetches, Arg } from '../sample.js'

/** The SNI host name of a TLS ClientHello at the start of `b`, if complete and present. */
export function clientHelloSni (b: Buffer): string | undefined {
  if (b.length < 5 || b[0] !== 0x16) return undefined                 // TLS handshake record
  const recLen = b.readUInt16BE(3)
  if (b.length < 5 + recLen) return undefined
  let p = 5
  if (b[p] !== 0x01) return undefined                                  // ClientHello
  p += 4 + 2 + 32                                                       // type+length, version, random
  const sid = b[p]
  if (sid === undefined) return undefined
  p += 1 + sid
  if (p + 2 > b.length) return undefined
  p += 2 + b.readUInt16BE(p)                                            // cipher suites
  const comp = b[p]
  if (comp === undefined) return undefined
  p += 1 + comp
  if (p + 2 > b.length) return undefined
  const extEnd = p + 2 + b.readUInt16BE(p)
  p += 2
  while (p + 4 <= extEnd && p + 4 <= b.length) {
    const type = b.readUInt16BE(p)
    const len = b.readUInt16BE(p + 2)
    p += 4
    if (type === 0 && p + 5 <= b.length) {
      // server_name list: length(2), name type(1) = 0 host_name, length(2), name
      const nameLen = b.readUInt16BE(p + 3)
      return b[p + 2] === 0 && p + 5 + nameLen <= b.length ? b.toString('latin1', p + 5, p + 5 + nameLen) : undefined
    }
    p += len
  }
  return undefined
}

/** 1 when `b` starts with a TLS handshake record holding a ClientHello (HAProxy's req.ssl_hello_type). */
function helloType (b: Buffer): number | undefined {
  if (b.length < 6 || b[0] !== 0x16) return undefined
  return b[5]
}

export const payloadFetches = defineFetches([
  { kw: 'req.len', out: 'int', use: 'l4', fetch: (s) => s.payload?.length ?? 0 },
  { kw: 'req_len', out: 'int', use: 'l4', fetch: (s) => s.payload?.length ?? 0 },
  {
    kw: 'req.payload',
    out: 'str',
    use: 'l4',
    args: [Arg.int('offset'), Arg.int('length')],
    fetch: (s, a) => {
      const b = s.payload
      const off = Number(a[0])
      const len = Number(a[1])
      if (b === undefined || b.length < off + len) return undefined
      return b.toString('latin1', off, len === 0 ? b.length : off + len)
    },
  },
  { kw: 'req.ssl_hello_type', out: 'int', use: 'l4', fetch: (s) => s.payload === undefined ? undefined : helloType(s.payload) },
  { kw: 'req_ssl_hello_type', out: 'int', use: 'l4', fetch: (s) => s.payload === undefined ? undefined : helloType(s.payload) },
  { kw: 'req.ssl_sni', out: 'str', use: 'l4', fetch: (s) => s.payload === undefined ? undefined : clientHelloSni(s.payload) },
  { kw: 'req_ssl_sni', out: 'str', use: 'l4', fetch: (s) => s.payload === undefined ? undefined : clientHelloSni(s.payload) },
])

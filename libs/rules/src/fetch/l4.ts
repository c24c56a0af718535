/**
 * Layer-4 and proxy sample fetches: the client connection's addresses and
 * ports, the frontend and backend names, and constants. Pure reads from StreamView.
 * HAProxy reference: src/tcp_sample.c, src/frontend.c, src/backend.c, src/sample.c
 */
import { defineFetches, Arg } from '../sample.js'

export const l4Fetches = defineFetches([
  { kw: 'src', out: 'ip', use: 'l4', fetch: (s) => s.src },
  { kw: 'src_port', out: 'int', use: 'l4', fetch: (s) => s.srcPort },
  { kw: 'dst', out: 'ip', use: 'l4', fetch: (s) => s.dst },
  { kw: 'dst_port', out: 'int', use: 'l4', fetch: (s) => s.dstPort },
  { kw: 'fe_name', out: 'str', use: 'fe', fetch: (s) => s.frontend },
  { kw: 'be_name', out: 'str', use: 'req', fetch: (s) => s.backend },
  { kw: 'always_true', out: 'bool', use: 'any', fetch: () => true },
  { kw: 'always_false', out: 'bool', use: 'any', fetch: () => false },
  { kw: 'int', out: 'int', use: 'any', args: [Arg.int('value')], fetch: (_s, a) => a[0] },
  { kw: 'str', out: 'str', use: 'any', args: [Arg.str('value')], fetch: (_s, a) => a[0] },
  { kw: 'bool', out: 'bool', use: 'any', args: [Arg.int('value')], fetch: (_s, a) => a[0] !== 0 },
  // A variable's type is whatever was stored; 'str' here, and matchers cast as needed.
  { kw: 'var', out: 'str', use: 'any', args: [Arg.str('name'), Arg.str('default', { optional: true })], fetch: (s, a) => s.vars?.get(String(a[0])) ?? a[1] },
  { kw: 'env', out: 'str', use: 'any', args: [Arg.str('name')], fetch: (_s, a) => process.env[String(a[0])] },
  { kw: 'date', out: 'int', use: 'any', args: [Arg.int('offset', { optional: true })], fetch: (_s, a) => Math.floor(Date.now() / 1000) + Number(a[0] ?? 0) },
  { kw: 'rand', out: 'int', use: 'any', args: [Arg.int('range', { optional: true })], fetch: (_s, a) => randomBelow(a[0] === undefined ? 2 ** 32 : Number(a[0])) },
  // TLS is not there yet: on a clear connection HAProxy's answers are false and absent.
  { kw: 'ssl_fc', out: 'bool', use: 'l4', fetch: () => false },
  { kw: 'ssl_fc_sni', out: 'str', use: 'l4', fetch: () => undefined },
])

function randomBelow (n: number): number {
  return Math.floor(Math.random() * n)
}

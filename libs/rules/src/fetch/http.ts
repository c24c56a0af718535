/**
 * HTTP sample fetches: the request line, headers, cookies and query string of
 * the request, and the status and headers of the response.
 * HAProxy reference: src/http_fetch.c
 */
import type { StreamView } from '@switchyard/types'
import { defineFetches, Arg, type ArgValue, type Value } from '../sample.js'

export const httpFetches = defineFetches([
  { kw: 'method', out: 'str', use: 'req', fetch: (s) => s.request?.method },
  { kw: 'url', out: 'str', use: 'req', fetch: (s) => s.request?.target },
  { kw: 'path', out: 'str', use: 'req', fetch: (s) => pathOf(s) },
  { kw: 'pathq', out: 'str', use: 'req', fetch: (s) => pathqOf(s) },
  { kw: 'query', out: 'str', use: 'req', fetch: (s) => queryOf(s) },
  { kw: 'base', out: 'str', use: 'req', fetch: (s) => baseOf(s) },
  { kw: 'req.ver', out: 'str', use: 'req', fetch: (s) => s.request?.version },
  { kw: 'res.ver', out: 'str', use: 'res', fetch: (s) => s.response?.version },
  { kw: 'urlp', out: 'str', use: 'req', args: [Arg.str('name'), Arg.str('delim', { optional: true })], fetch: (s, a) => urlParam(s, a) },
  { kw: 'url_param', out: 'str', use: 'req', args: [Arg.str('name'), Arg.str('delim', { optional: true })], fetch: (s, a) => urlParam(s, a) },
  { kw: 'hdr', out: 'str', use: 'req', args: [Arg.str('name', { optional: true }), Arg.int('occ', { optional: true })], fetch: (s, a) => pick(reqValues(s, a[0], true), a[1]), each: (s, a) => reqValues(s, a[0], true) },
  { kw: 'req.hdr', out: 'str', use: 'req', args: [Arg.str('name', { optional: true }), Arg.int('occ', { optional: true })], fetch: (s, a) => pick(reqValues(s, a[0], true), a[1]), each: (s, a) => reqValues(s, a[0], true) },
  { kw: 'req.fhdr', out: 'str', use: 'req', args: [Arg.str('name'), Arg.int('occ', { optional: true })], fetch: (s, a) => pick(reqValues(s, a[0], false), a[1]), each: (s, a) => reqValues(s, a[0], false) },
  { kw: 'hdr_val', out: 'int', use: 'req', args: [Arg.str('name', { optional: true }), Arg.int('occ', { optional: true })], fetch: (s, a) => toInt(pick(reqValues(s, a[0], true), a[1])), each: (s, a) => ints(reqValues(s, a[0], true)) },
  { kw: 'req.hdr_val', out: 'int', use: 'req', args: [Arg.str('name', { optional: true }), Arg.int('occ', { optional: true })], fetch: (s, a) => toInt(pick(reqValues(s, a[0], true), a[1])), each: (s, a) => ints(reqValues(s, a[0], true)) },
  { kw: 'hdr_ip', out: 'ip', use: 'req', args: [Arg.str('name', { optional: true }), Arg.int('occ', { optional: true })], fetch: (s, a) => pick(reqValues(s, a[0], true), a[1]), each: (s, a) => reqValues(s, a[0], true) },
  { kw: 'req.hdr_ip', out: 'ip', use: 'req', args: [Arg.str('name', { optional: true }), Arg.int('occ', { optional: true })], fetch: (s, a) => pick(reqValues(s, a[0], true), a[1]), each: (s, a) => reqValues(s, a[0], true) },
  { kw: 'res.hdr_val', out: 'int', use: 'res', args: [Arg.str('name', { optional: true }), Arg.int('occ', { optional: true })], fetch: (s, a) => toInt(pick(resValues(s, a[0]), a[1])), each: (s, a) => ints(resValues(s, a[0])) },
  { kw: 'hdr_cnt', out: 'int', use: 'req', args: [Arg.str('name', { optional: true })], fetch: (s, a) => reqValues(s, a[0], true).length },
  { kw: 'req.hdr_cnt', out: 'int', use: 'req', args: [Arg.str('name', { optional: true })], fetch: (s, a) => reqValues(s, a[0], true).length },
  { kw: 'req.hdrs', out: 'str', use: 'req', fetch: (s) => s.request === undefined ? undefined : headerBlock(s.request.headers) },
  { kw: 'res.hdr', out: 'str', use: 'res', args: [Arg.str('name', { optional: true }), Arg.int('occ', { optional: true })], fetch: (s, a) => pick(resValues(s, a[0]), a[1]), each: (s, a) => resValues(s, a[0]) },
  { kw: 'shdr', out: 'str', use: 'res', args: [Arg.str('name', { optional: true }), Arg.int('occ', { optional: true })], fetch: (s, a) => pick(resValues(s, a[0]), a[1]), each: (s, a) => resValues(s, a[0]) },
  { kw: 'res.hdr_cnt', out: 'int', use: 'res', args: [Arg.str('name', { optional: true })], fetch: (s, a) => resValues(s, a[0]).length },
  { kw: 'status', out: 'int', use: 'res', fetch: (s) => s.response?.status },
  { kw: 'cook', out: 'str', use: 'req', args: [Arg.str('name', { optional: true })], fetch: (s, a) => last(cookies(s, a[0])), each: (s, a) => cookies(s, a[0]) },
  { kw: 'req.cook', out: 'str', use: 'req', args: [Arg.str('name', { optional: true })], fetch: (s, a) => last(cookies(s, a[0])), each: (s, a) => cookies(s, a[0]) },
  { kw: 'req.cook_cnt', out: 'int', use: 'req', args: [Arg.str('name', { optional: true })], fetch: (s, a) => cookies(s, a[0]).length },
  { kw: 'res.cook', out: 'str', use: 'res', args: [Arg.str('name', { optional: true })], fetch: (s, a) => last(setCookies(s, a[0])), each: (s, a) => setCookies(s, a[0]) },
])

function pathqOf (s: StreamView): string | undefined {
  const t = s.request?.target
  if (t === undefined) return undefined
  if (t.startsWith('/') || t === '*') return t
  // Absolute form: the path starts at the first '/' after the authority.
  const scheme = t.indexOf('://')
  if (scheme < 0) return t
  const slash = t.indexOf('/', scheme + 3)
  return slash < 0 ? '/' : t.slice(slash)
}

function pathOf (s: StreamView): string | undefined {
  const pq = pathqOf(s)
  if (pq === undefined) return undefined
  const q = pq.indexOf('?')
  return q < 0 ? pq : pq.slice(0, q)
}

function queryOf (s: StreamView): string | undefined {
  const t = s.request?.target
  if (t === undefined) return undefined
  const q = t.indexOf('?')
  return q < 0 ? undefined : t.slice(q + 1)
}

/** Host header + path, HAProxy's `base`. */
function baseOf (s: StreamView): string | undefined {
  const host = last(reqValues(s, 'host', false))
  const path = pathOf(s)
  if (path === undefined) return undefined
  return host === undefined ? path : `${host}${path}`
}

function urlParam (s: StreamView, a: readonly ArgValue[]): string | undefined {
  const query = queryOf(s)
  if (query === undefined) return undefined
  const name = String(a[0])
  const delim = a[1] === undefined ? '&' : String(a[1])
  for (const part of query.split(delim)) {
    const eq = part.indexOf('=')
    const key = eq < 0 ? part : part.slice(0, eq)
    if (key === name) return eq < 0 ? '' : part.slice(eq + 1)
  }
  return undefined
}

/** Header values named `name` (all headers when absent); `split`: comma-separated values count apart, as hdr() does. */
function reqValues (s: StreamView, name: ArgValue, split: boolean): string[] {
  const h = s.request?.headers
  return h === undefined ? [] : values(h, name, split)
}

function resValues (s: StreamView, name: ArgValue): string[] {
  const h = s.response?.headers
  return h === undefined ? [] : values(h, name, true)
}

/** Case-insensitive header name test against a lower-case name, without lower-casing unless lengths match. */
function nameIs (name: string, lower: string): boolean {
  return name.length === lower.length && (name === lower || name.toLowerCase() === lower)
}

function values (headers: readonly string[], name: ArgValue, split: boolean): string[] {
  const want = name === undefined ? undefined : String(name).toLowerCase()
  const out: string[] = []
  for (let i = 0; i < headers.length; i += 2) {
    if (want !== undefined && !nameIs(headers[i] as string, want)) continue
    const v = headers[i + 1] as string
    if (!split || !v.includes(',')) { out.push(v); continue }
    for (const part of v.split(',')) out.push(part.trim())
  }
  return out
}

/** Occurrence `occ`: positive from the first, negative from the last, default the last. */
function pick (vs: readonly string[], occ: ArgValue): string | undefined {
  if (vs.length === 0) return undefined
  const n = occ === undefined ? -1 : Number(occ)
  if (n > 0) return vs[n - 1]
  if (n < 0) return vs[vs.length + n]
  return undefined
}

function toInt (v: string | undefined): number | undefined {
  if (v === undefined) return undefined
  const m = /^\s*[-+]?\d+/.exec(v)
  return m === null ? undefined : Number.parseInt(m[0], 10)
}

function ints (vs: readonly string[]): number[] {
  const out: number[] = []
  for (const v of vs) { const n = toInt(v); if (n !== undefined) out.push(n) }
  return out
}

function last (vs: readonly string[]): string | undefined {
  return vs.length === 0 ? undefined : vs[vs.length - 1]
}

function headerBlock (headers: readonly string[]): string {
  let out = ''
  for (let i = 0; i < headers.length; i += 2) out += `${headers[i] as string}: ${headers[i + 1] as string}\r\n`
  return out
}

/** Values of cookie `name` in the Cookie headers (every cookie's value when no name). */
function cookies (s: StreamView, name: ArgValue): string[] {
  const out: string[] = []
  for (const line of reqValues(s, 'cookie', false)) {
    for (const pair of line.split(';')) collectCookie(pair, name, out)
  }
  return out
}

/** Values of cookie `name` set by the response (Set-Cookie: the first pair of each header). */
function setCookies (s: StreamView, name: ArgValue): string[] {
  const out: string[] = []
  for (const line of resValues(s, 'set-cookie')) collectCookie(line.split(';')[0] as string, name, out)
  return out
}

function collectCookie (pair: string, name: ArgValue, out: Value[]): void {
  const eq = pair.indexOf('=')
  if (eq < 0) return
  const key = pair.slice(0, eq).trim()
  if (name === undefined || key === String(name)) out.push(pair.slice(eq + 1).trim())
}

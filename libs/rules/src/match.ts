/**
 * ACL match methods: how the patterns of an ACL are compared with a sample.
 * Each method compiles its patterns once (at load) into a test.
 * HAProxy reference: src/pattern.c (pat_match_*), doc/configuration.txt 7.1
 */
import { type Result, ok, err } from '@switchyard/types'
import type { SampleType, Value } from './sample.js'

export type MatchMethod = 'found' | 'bool' | 'int' | 'ip' | 'str' | 'beg' | 'end' | 'sub' | 'reg' | 'dir' | 'dom' | 'len'

export const MATCH_METHODS: readonly MatchMethod[] = ['found', 'bool', 'int', 'ip', 'str', 'beg', 'end', 'sub', 'reg', 'dir', 'dom', 'len']

/** The type a method compares (the sample is cast to it first); 'any' for found. */
export function matchInput (m: MatchMethod): SampleType | 'any' {
  switch (m) {
    case 'found': return 'any'
    case 'bool': return 'bool'
    case 'int': return 'int'
    case 'ip': return 'ip'
    default: return 'str'
  }
}

/** The method an ACL uses when none is given: from the fetch's output type. */
export function defaultMatch (t: SampleType): MatchMethod {
  switch (t) {
    case 'bool': return 'bool'
    case 'int': return 'int'
    case 'ip': return 'ip'
    case 'str': return 'str'
  }
}

export type Test = (v: Value) => boolean

export function compileMatch (m: MatchMethod, patterns: readonly string[], ignoreCase: boolean): Result<Test> {
  switch (m) {
    case 'found': return ok(() => true)
    case 'bool': return ok((v) => v === true)
    case 'int': return intTest(patterns, (v) => typeof v === 'number' ? v : Number(v))
    case 'len': return intTest(patterns, (v) => String(v).length)
    case 'ip': return ipTest(patterns)
    case 'reg': return regTest(patterns, ignoreCase)
    default: return ok(stringTest(m, patterns, ignoreCase))
  }
}

function stringTest (m: 'str' | 'beg' | 'end' | 'sub' | 'dir' | 'dom', patterns: readonly string[], ignoreCase: boolean): Test {
  const pats = ignoreCase ? patterns.map(p => p.toLowerCase()) : [...patterns]
  const norm = (v: Value): string => ignoreCase ? String(v).toLowerCase() : String(v)
  switch (m) {
    case 'str': {
      const set = new Set(pats)
      return (v) => set.has(norm(v))
    }
    case 'beg': return (v) => { const s = norm(v); return pats.some(p => s.startsWith(p)) }
    case 'end': return (v) => { const s = norm(v); return pats.some(p => s.endsWith(p)) }
    case 'sub': return (v) => { const s = norm(v); return pats.some(p => s.includes(p)) }
    case 'dir': return (v) => { const s = norm(v); return pats.some(p => wordMatch(s, p, '/?')) }
    case 'dom': return (v) => { const s = norm(v); return pats.some(p => wordMatch(s, p, '/?.:')) }
  }
}

/**
 * HAProxy's match_word: `pat` (its own leading/trailing delimiters ignored) appears in
 * `s` bounded by delimiters or the ends of `s`.
 */
function wordMatch (s: string, pat: string, delims: string): boolean {
  let p = pat
  while (p.length > 0 && delims.includes(p[0] as string)) p = p.slice(1)
  while (p.length > 0 && delims.includes(p[p.length - 1] as string)) p = p.slice(0, -1)
  if (p.length === 0) return false
  let from = 0
  for (;;) {
    const i = s.indexOf(p, from)
    if (i < 0) return false
    const before = i === 0 || delims.includes(s[i - 1] as string)
    const end = i + p.length
    const after = end === s.length || delims.includes(s[end] as string)
    if (before && after) return true
    from = i + 1
  }
}

function regTest (patterns: readonly string[], ignoreCase: boolean): Result<Test> {
  const res: RegExp[] = []
  for (const p of patterns) {
    try { res.push(new RegExp(p, ignoreCase ? 'i' : '')) } catch (e) { return err(`invalid regex '${p}': ${(e as Error).message}`) }
  }
  return ok((v) => { const s = String(v); return res.some(r => r.test(s)) })
}

type Range = { lo: number; hi: number }

/** Integer patterns: N, N:M, :M, N:, and the operators eq ge gt le lt before a value. */
function intTest (patterns: readonly string[], toInt: (v: Value) => number): Result<Test> {
  const ranges: Range[] = []
  let op: 'eq' | 'ge' | 'gt' | 'le' | 'lt' = 'eq'
  for (const p of patterns) {
    if (p === 'eq' || p === 'ge' || p === 'gt' || p === 'le' || p === 'lt') { op = p; continue }
    const r = parseRange(p, op)
    if (r === undefined) return err(`'${p}' is not an integer or a range of integers`)
    ranges.push(r)
  }
  return ok((v) => {
    const n = toInt(v)
    if (!Number.isFinite(n)) return false
    return ranges.some(r => n >= r.lo && n <= r.hi)
  })
}

function parseRange (p: string, op: 'eq' | 'ge' | 'gt' | 'le' | 'lt'): Range | undefined {
  const int = (s: string): number | undefined => /^[-+]?\d+$/.test(s) ? Number(s) : undefined
  const colon = p.indexOf(':')
  if (colon >= 0) {
    const lo = colon === 0 ? -Infinity : int(p.slice(0, colon))
    const hi = colon === p.length - 1 ? Infinity : int(p.slice(colon + 1))
    return lo === undefined || hi === undefined ? undefined : { lo, hi }
  }
  const n = int(p)
  if (n === undefined) return undefined
  switch (op) {
    case 'eq': return { lo: n, hi: n }
    case 'ge': return { lo: n, hi: Infinity }
    case 'gt': return { lo: n + 1, hi: Infinity }
    case 'le': return { lo: -Infinity, hi: n }
    case 'lt': return { lo: -Infinity, hi: n - 1 }
  }
}

// ---- ip -------------------------------------------------------------------

type Net = { bytes: Uint8Array; bits: number }

function ipTest (patterns: readonly string[]): Result<Test> {
  const nets: Net[] = []
  for (const p of patterns) {
    const n = parseNet(p)
    if (n === undefined) return err(`'${p}' is not an IPv4 or IPv6 address or network`)
    nets.push(n)
  }
  // The same client address is tested by many ACLs in a row: parse it once.
  let lastText = ''
  let lastBytes: Uint8Array | undefined
  return ok((v) => {
    const text = String(v)
    if (text !== lastText) { lastText = text; lastBytes = parseIp(text) }
    const a = lastBytes
    return a !== undefined && nets.some(n => inNet(a, n))
  })
}

function parseNet (p: string): Net | undefined {
  const slash = p.indexOf('/')
  const addr = parseIp(slash < 0 ? p : p.slice(0, slash))
  if (addr === undefined) return undefined
  const full = addr.length * 8
  if (slash < 0) return { bytes: addr, bits: full }
  const m = p.slice(slash + 1)
  if (/^\d+$/.test(m)) {
    const bits = Number(m)
    return bits <= full ? { bytes: addr, bits } : undefined
  }
  // A dotted IPv4 mask (255.255.255.0).
  const mask = addr.length === 4 ? parseIp(m) : undefined
  if (mask === undefined || mask.length !== 4) return undefined
  let bits = 0
  for (const b of mask) bits += popcount(b)
  return { bytes: addr, bits }
}

function popcount (b: number): number {
  let n = 0
  for (let x = b; x !== 0; x >>= 1) n += x & 1
  return n
}

/** IPv4 (4 bytes) or IPv6 (16 bytes); an IPv4-mapped IPv6 address is taken as IPv4. */
export function parseIp (s: string): Uint8Array | undefined {
  if (s.includes(':')) {
    const v6 = parseIpv6(s)
    if (v6 !== undefined && v6.slice(0, 10).every(b => b === 0) && v6[10] === 0xff && v6[11] === 0xff) return v6.slice(12)
    return v6
  }
  const parts = s.split('.')
  if (parts.length !== 4) return undefined
  const out = new Uint8Array(4)
  for (let i = 0; i < 4; i++) {
    const p = parts[i] as string
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined
    out[i] = Number(p)
  }
  return out
}

function parseIpv6 (s: string): Uint8Array | undefined {
  const halves = s.split('::')
  if (halves.length > 2) return undefined
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':')
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] as string).split(':')) : []
  const groups: number[] = []
  const addGroups = (list: string[]): boolean => {
    for (const g of list) {
      if (g.includes('.')) {
        const v4 = parseIp(g)
        if (v4 === undefined || v4.length !== 4) return false
        groups.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number))
        continue
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false
      groups.push(Number.parseInt(g, 16))
    }
    return true
  }
  if (!addGroups(head)) return undefined
  const headLen = groups.length
  if (!addGroups(tail)) return undefined
  const missing = 8 - groups.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const all = [...groups.slice(0, headLen), ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...groups.slice(headLen)]
  const out = new Uint8Array(16)
  all.forEach((g, i) => { out[i * 2] = g >> 8; out[i * 2 + 1] = g & 0xff })
  return out
}

function inNet (a: Uint8Array, n: Net): boolean {
  if (a.length !== n.bytes.length) return false
  let bits = n.bits
  for (let i = 0; i < a.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff
    if (((a[i] as number) & mask) !== ((n.bytes[i] as number) & mask)) return false
  }
  return true
}

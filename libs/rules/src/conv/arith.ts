/**
 * Arithmetic, bitwise and boolean converters on integers (add, sub, mul, div,
 * mod, neg, and, or, xor, cpl, not, bool, odd, even) and ipmask on addresses.
 *
 * HAProxy's integers are signed 64-bit and its arithmetic saturates at
 * LLONG_MIN/LLONG_MAX instead of wrapping. Samples here are JS numbers, exact
 * only up to 2^53 - 1, so the same saturation happens at
 * Number.MIN_SAFE_INTEGER/Number.MAX_SAFE_INTEGER: results are exact wherever
 * HAProxy's are, and only the saturation bound differs. Bitwise operators
 * work on the 64-bit two's complement, as in HAProxy.
 *
 * The operand of add, sub, mul, div, mod, and, or and xor may be a variable
 * name in HAProxy; only integers are accepted here.
 *
 * HAProxy reference: src/sample.c (sample_conv_arith_*, sample_conv_binary_*,
 * sample_conv_ipmask), src/tools.c (str2mask, v6tov4), include/haproxy/tools.h
 */
import { isIPv4, isIPv6 } from 'node:net'
import { Arg, defineConverters, type ArgValue, type ConvDef, type Value } from '../sample.js'

/** Stand-ins for LLONG_MAX / LLONG_MIN (see the header). */
const INT_MAX = Number.MAX_SAFE_INTEGER
const INT_MIN = Number.MIN_SAFE_INTEGER

export const arithConverters = defineConverters([
  binary('add', (a, b) => clamp(a + b)),
  binary('sub', (a, b) => clamp(a - b)),
  binary('mul', (a, b) => clamp(a * b)),
  binary('div', div),
  binary('mod', mod),
  unary('neg', a => zero(-a)),
  binary('and', (a, b) => bits64(a, b, (x, y) => x & y)),
  binary('or', (a, b) => bits64(a, b, (x, y) => x | y)),
  binary('xor', (a, b) => bits64(a, b, (x, y) => x ^ y)),
  // ~a in 64-bit two's complement is exactly -a - 1, so no 32-bit truncation.
  unary('cpl', a => -a - 1),
  predicate('not', a => a === 0),
  predicate('bool', a => a !== 0),
  predicate('odd', a => Math.abs(a) % 2 === 1),
  predicate('even', a => Math.abs(a) % 2 === 0),
  {
    kw: 'ipmask',
    in: 'ip',
    out: 'ip',
    args: [Arg.str('mask4'), Arg.int('mask6', { optional: true })],
    conv: (v, a) => ipmask(typeof v === 'string' ? v : String(v), a[0], a[1]),
  },
])

// ---- integers ----------------------------------------------------------------------

/** The input as an integer within the safe range, or undefined if it is not a number. */
function toInt (v: Value | ArgValue): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v !== 'number' || Number.isNaN(v)) return undefined
  return clamp(Math.trunc(v))
}

/** Saturates as HAProxy does at the 64-bit bounds; also turns -0 into 0. */
function clamp (n: number): number {
  return n > INT_MAX ? INT_MAX : n < INT_MIN ? INT_MIN : zero(n)
}

function zero (n: number): number {
  return n === 0 ? 0 : n
}

/** Division truncates toward zero, as in C; by 0 it gives the largest integer. */
function div (a: number, b: number): number {
  return b === 0 ? INT_MAX : zero(Math.trunc(a / b))
}

/** The remainder has the sign of the dividend, as in C; modulo 0 gives 0. */
function mod (a: number, b: number): number {
  return b === 0 ? 0 : zero(a % b)
}

/** A bitwise operation on the 64-bit two's complement of both operands. */
function bits64 (a: number, b: number, op: (x: bigint, y: bigint) => bigint): number {
  return Number(BigInt.asIntN(64, op(BigInt(a), BigInt(b))))
}

function unary (kw: string, f: (a: number) => number): ConvDef {
  return { kw, in: 'int', out: 'int', conv: v => { const a = toInt(v); return a === undefined ? undefined : f(a) } }
}

function binary (kw: string, f: (a: number, b: number) => number): ConvDef {
  return {
    kw,
    in: 'int',
    out: 'int',
    args: [Arg.int('value')],
    conv: (v, args) => {
      const a = toInt(v)
      const b = toInt(args[0])
      return a === undefined || b === undefined ? undefined : f(a, b)
    },
  }
}

function predicate (kw: string, f: (a: number) => boolean): ConvDef {
  return { kw, in: 'int', out: 'bool', conv: v => { const a = toInt(v); return a === undefined ? undefined : f(a) } }
}

// ---- ipmask ------------------------------------------------------------------------

const mask4Cache = new Map<string, number | null>()

/**
 * ipmask(mask4[,mask6]): keeps the network part of an address. An IPv4
 * address (or an IPv4-mapped IPv6 one, ::ffff:a.b.c.d, turned into IPv4 as
 * HAProxy does) is masked with <mask4>, a number of bits (0-32) or a dotted
 * mask. Any other IPv6 address needs <mask6> (a number of bits, 0-128), or the
 * sample is lost. An invalid mask, refused at load by HAProxy, loses it too.
 */
function ipmask (ip: string, mask4: ArgValue, mask6: ArgValue): Value | undefined {
  if (isIPv4(ip)) return maskV4(ipv4ToInt(ip), mask4)
  const words = parseIPv6(ip)
  if (words === undefined) return undefined
  if (isV4Mapped(words)) return maskV4(((words[6] as number) << 16 | (words[7] as number)) >>> 0, mask4)
  if (typeof mask6 !== 'number' || mask6 < 0 || mask6 > 128) return undefined
  return formatIPv6(words.map((w, i) => w & wordMask(mask6, i)))
}

function maskV4 (addr: number, mask4: ArgValue): string | undefined {
  const m = parseMask4(mask4)
  return m === undefined ? undefined : intToIPv4((addr & m) >>> 0)
}

/** str2mask(): a dotted mask (any value, as inet_pton reads it) or 0..32 bits. */
function parseMask4 (mask: ArgValue): number | undefined {
  if (mask === undefined) return undefined
  const key = String(mask)
  let m = mask4Cache.get(key)
  if (m === undefined) {
    if (key.includes('.')) m = isIPv4(key) ? ipv4ToInt(key) : null
    else m = /^\d+$/.test(key) && Number(key) <= 32 ? bitsMask32(Number(key)) : null
    mask4Cache.set(key, m)
  }
  return m ?? undefined
}

function bitsMask32 (bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
}

/** The 16-bit mask of word <i> (0..7) for a prefix of <bits> bits. */
function wordMask (bits: number, i: number): number {
  const inWord = Math.min(16, Math.max(0, bits - i * 16))
  return inWord === 0 ? 0 : (0xffff << (16 - inWord)) & 0xffff
}

function ipv4ToInt (ip: string): number {
  return ip.split('.').reduce((acc, p) => ((acc << 8) | Number(p)) >>> 0, 0)
}

function intToIPv4 (n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.')
}

function isV4Mapped (w: readonly number[]): boolean {
  return w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff
}

/** The eight 16-bit words of a textual IPv6 address (with :: and a dotted tail). */
function parseIPv6 (ip: string): number[] | undefined {
  if (!isIPv6(ip) || ip.includes('%')) return undefined
  const [head = '', tail] = ip.split('::') as [string, string | undefined]
  const words = (part: string): number[] => part === '' ? [] : part.split(':').flatMap(dottedOrHex)
  const h = words(head)
  const t = tail === undefined ? [] : words(tail)
  const fill = tail === undefined ? [] : new Array<number>(8 - h.length - t.length).fill(0)
  const all = [...h, ...fill, ...t]
  return all.length === 8 ? all : undefined
}

function dottedOrHex (group: string): number[] {
  if (!group.includes('.')) return [Number.parseInt(group, 16)]
  const v4 = ipv4ToInt(group)
  return [v4 >>> 16, v4 & 0xffff]
}

/**
 * Formats as glibc's inet_ntop(): the first longest run of two or more zero
 * words becomes '::', and ::a.b.c.d / ::ffff:a.b.c.d keep a dotted tail.
 */
function formatIPv6 (w: readonly number[]): string {
  const run = longestZeroRun(w)
  if (run.start === 0 && (run.len === 6 || (run.len === 5 && w[5] === 0xffff))) {
    const tail = intToIPv4((((w[6] as number) << 16) | (w[7] as number)) >>> 0)
    return run.len === 6 ? `::${tail}` : `::ffff:${tail}`
  }
  const hex = w.map(x => x.toString(16))
  if (run.len < 2) return hex.join(':')
  return hex.slice(0, run.start).join(':') + '::' + hex.slice(run.start + run.len).join(':')
}

function longestZeroRun (w: readonly number[]): { start: number; len: number } {
  let best = { start: -1, len: 0 }
  let cur = { start: -1, len: 0 }
  for (let i = 0; i < w.length; i++) {
    if (w[i] !== 0) { cur = { start: -1, len: 0 }; continue }
    cur = cur.start < 0 ? { start: i, len: 1 } : { start: cur.start, len: cur.len + 1 }
    if (cur.len > best.len) best = cur
  }
  return best
}

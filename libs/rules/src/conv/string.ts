/**
 * String, encoding and hashing converters: lower, upper, length, bytes, field,
 * word, regsub, ltrim, rtrim, concat, json, hex, base64, b64dec, url_dec,
 * crc32, djb2, sdbm, wt6.
 *
 * Strings are byte strings: one char per byte (latin1), as HAProxy's str and
 * bin samples are bytes. Where HAProxy fails a conversion (returns 0), the
 * converter returns undefined and the sample is lost.
 *
 * HAProxy reference: src/sample.c (sample_conv_*), src/hash.c (hash_*),
 * src/tools.c (url_decode), src/base64.c (base64dec), src/regex.c (exp_replace),
 * include/haproxy/tools.h (full_hash), src/http_conv.c (url_dec)
 */
import { fullHash, hashCrc32, hashDjb2, hashSdbm, hashWt6 } from '@switchyard/lb'
import { Arg, defineConverters, type ArgValue, type ConvDef, type Value } from '../sample.js'

export const stringConverters = defineConverters([
  // HAProxy's lower/upper only touch ASCII letters, never other bytes.
  { kw: 'lower', in: 'str', out: 'str', conv: v => text(v).replace(/[A-Z]+/g, c => c.toLowerCase()) },
  { kw: 'upper', in: 'str', out: 'str', conv: v => text(v).replace(/[a-z]+/g, c => c.toUpperCase()) },
  { kw: 'length', in: 'str', out: 'int', conv: v => text(v).length },
  {
    kw: 'bytes',
    in: 'str',
    out: 'str',
    args: [Arg.int('offset'), Arg.int('length', { optional: true })],
    conv: (v, a) => bytes(text(v), intArg(a[0]) ?? 0, intArg(a[1])),
  },
  {
    kw: 'field',
    in: 'str',
    out: 'str',
    args: [Arg.int('index'), Arg.str('delimiters'), Arg.int('count', { optional: true })],
    conv: (v, a) => field(text(v), intArg(a[0]) ?? 0, strArg(a[1]) ?? '', intArg(a[2]) ?? 1),
  },
  {
    kw: 'word',
    in: 'str',
    out: 'str',
    args: [Arg.int('index'), Arg.str('delimiters'), Arg.int('count', { optional: true })],
    conv: (v, a) => word(text(v), intArg(a[0]) ?? 0, strArg(a[1]) ?? '', intArg(a[2]) ?? 1),
  },
  {
    kw: 'regsub',
    in: 'str',
    out: 'str',
    // <subst> is mandatory in HAProxy but may be empty (`regsub(x,)`); the
    // compiler turns an empty argument into undefined, hence optional here.
    args: [Arg.str('regex'), Arg.str('subst', { optional: true }), Arg.str('flags', { optional: true })],
    conv: (v, a) => regsub(text(v), strArg(a[0]) ?? '', strArg(a[1]) ?? '', strArg(a[2]) ?? ''),
  },
  { kw: 'ltrim', in: 'str', out: 'str', args: [Arg.str('chars')], conv: (v, a) => ltrim(text(v), strArg(a[0]) ?? '') },
  { kw: 'rtrim', in: 'str', out: 'str', args: [Arg.str('chars')], conv: (v, a) => rtrim(text(v), strArg(a[0]) ?? '') },
  {
    kw: 'concat',
    in: 'str',
    out: 'str',
    args: [Arg.str('start', { optional: true }), Arg.str('var', { optional: true }), Arg.str('end', { optional: true })],
    conv: (v, a) => concat(text(v), strArg(a[0]), strArg(a[1]), strArg(a[2])),
  },
  { kw: 'json', in: 'str', out: 'str', args: [Arg.str('mode', { optional: true })], conv: (v, a) => json(text(v), strArg(a[0])) },
  { kw: 'hex', in: 'str', out: 'str', conv: v => latin1(text(v)).toString('hex').toUpperCase() },
  { kw: 'base64', in: 'str', out: 'str', conv: v => latin1(text(v)).toString('base64') },
  { kw: 'b64dec', in: 'str', out: 'str', conv: v => b64dec(text(v)) },
  { kw: 'url_dec', in: 'str', out: 'str', args: [Arg.int('in_form', { optional: true })], conv: (v, a) => urlDecode(text(v), (intArg(a[0]) ?? 0) !== 0) },
  // The functions of `hash-type` (libs/lb), so a converter and a balancer hash alike.
  hashConverter('crc32', hashCrc32),
  hashConverter('djb2', hashDjb2),
  hashConverter('sdbm', hashSdbm),
  hashConverter('wt6', hashWt6),
])

// ---- argument and input helpers ----------------------------------------------

function text (v: Value): string {
  return typeof v === 'string' ? v : String(v)
}

function intArg (a: ArgValue): number | undefined {
  return typeof a === 'number' ? a : undefined
}

function strArg (a: ArgValue): string | undefined {
  return typeof a === 'string' ? a : undefined
}

function latin1 (s: string): Buffer {
  return Buffer.from(s, 'latin1')
}

// ---- bytes, trims, concat ---------------------------------------

/**
 * bytes(offset[,length]). HAProxy 2.6 compares the signed arguments with the
 * unsigned length, so a negative offset gives an empty string and a negative
 * length does not truncate; both are kept.
 */
function bytes (s: string, offset: number, length: number | undefined): string {
  if (offset < 0 || s.length <= offset) return ''
  const rest = s.slice(offset)
  return length !== undefined && length >= 0 && length < rest.length ? rest.slice(0, length) : rest
}

function ltrim (s: string, chars: string): string {
  let i = 0
  while (i < s.length && chars.includes(s[i] as string)) i++
  return s.slice(i)
}

function rtrim (s: string, chars: string): string {
  let n = s.length
  while (n > 0 && chars.includes(s[n - 1] as string)) n--
  return s.slice(0, n)
}

function concat (s: string, start: string | undefined, varName: string | undefined, end: string | undefined): Value | undefined {
  // TODO: variables are not available to converters yet. HAProxy appends the
  // variable's value (or nothing when it is unset); until vars exist, a
  // non-empty variable name loses the sample rather than silently dropping it.
  if (varName !== undefined && varName !== '') return undefined
  return (start ?? '') + s + (end ?? '')
}

// ---- field, word ---------------------------------------------------------------

/**
 * field(index,delimiters[,count]): empty fields count. Index 1 is the first
 * field, -1 the last; <count> fields are returned with their delimiters, 0
 * meaning "up to the end". A missing field loses the sample.
 */
function field (s: string, index: number, delims: string, count: number): string | undefined {
  if (index === 0) return undefined // refused at load by HAProxy (sample_conv_field_check)
  return index > 0 ? fieldForward(s, index, delims, count) : fieldBackward(s, index, delims, count)
}

function fieldForward (s: string, index: number, delims: string, count: number): string | undefined {
  let n = 1
  let start = 0
  let end = 0
  for (; end < s.length; end++) {
    if (!delims.includes(s[end] as string)) continue
    if (n === index) {
      if (count === 1) return s.slice(start, end)
      if (count > 1) count--
    } else {
      start = end + 1
      n++
    }
  }
  return n === index ? s.slice(start, end) : undefined
}

function fieldBackward (s: string, index: number, delims: string, count: number): string | undefined {
  let n = -1
  let start = s.length
  let end = s.length
  for (; start > 0; start--) {
    if (!delims.includes(s[start - 1] as string)) continue
    if (n === index) {
      if (count === 1) return s.slice(start, end)
      if (count > 1) count--
    } else {
      end = start - 1
      n--
    }
  }
  return n === index ? s.slice(0, end) : undefined
}

/**
 * word(index,delimiters[,count]): like field, but runs of delimiters separate
 * words and empty words do not count. A missing word loses the sample (HAProxy
 * 2.6 after the fix backported in early 2024; earlier 2.6 releases returned an
 * empty string).
 */
function word (s: string, index: number, delims: string, count: number): string | undefined {
  if (index === 0) return undefined // refused at load by HAProxy (sample_conv_field_check)
  return index > 0 ? wordForward(s, index, delims, count) : wordBackward(s, index, delims, count)
}

function wordForward (s: string, index: number, delims: string, count: number): string | undefined {
  let n = 0
  let inWord = false
  let start = 0
  let end = 0
  for (; end < s.length; end++) {
    const isSep = delims.includes(s[end] as string)
    if (!inWord) {
      if (isSep) continue
      if (n !== index) { n++; start = end }
      inWord = true
    } else if (isSep) {
      if (n === index) {
        if (count === 1) return s.slice(start, end)
        if (count > 1) count--
      }
      inWord = false
    }
  }
  return n === index ? s.slice(start, end) : undefined
}

function wordBackward (s: string, index: number, delims: string, count: number): string | undefined {
  let n = 0
  let inWord = false
  let start = s.length
  let end = s.length
  for (; start > 0; start--) {
    const isSep = delims.includes(s[start - 1] as string)
    if (!inWord) {
      if (isSep) continue
      if (n !== index) { n--; end = start }
      inWord = true
    } else if (isSep) {
      if (n === index) {
        if (count === 1) return s.slice(start, end)
        if (count > 1) count--
      }
      inWord = false
    }
  }
  return n === index ? s.slice(0, end) : undefined
}

// ---- regsub ----------------------------------------------------------------------

const regexCache = new Map<string, RegExp | null>()

/**
 * Compiles <regex> once per (pattern, flags). HAProxy compiles at load with
 * PCRE (or POSIX ERE); JS syntax is close for the usual patterns. Always 'g'
 * here so that lastIndex can restart the search; 'i' when asked.
 */
function compileRegex (pattern: string, icase: boolean): RegExp | null {
  const key = (icase ? 'i' : '-') + pattern
  let re = regexCache.get(key)
  if (re === undefined) {
    try { re = new RegExp(pattern, icase ? 'gi' : 'g') } catch { re = null }
    regexCache.set(key, re)
  }
  return re
}

/**
 * regsub(regex,subst[,flags]): replaces the first match, or every match with
 * flag 'g', mirroring sample_conv_regsub()'s loop (an empty match copies the
 * next char and moves on; after the first round '^' no longer matches, as
 * with REG_NOTBOL). An invalid regex or flag, refused at load by HAProxy,
 * loses the sample here.
 */
function regsub (s: string, pattern: string, subst: string, flags: string): string | undefined {
  if (!/^[ig]*$/.test(flags)) return undefined
  const re = compileRegex(pattern, flags.includes('i'))
  if (re === null) return undefined
  const global = flags.includes('g')
  let out = ''
  let start = 0
  for (let round = 0; ; round++) {
    let m: RegExpExecArray | null = null
    if (global || round === 0) { re.lastIndex = start; m = re.exec(s) }
    if (m === null) return out + s.slice(start)
    out += s.slice(start, m.index)
    const rep = expandSubst(subst, m)
    if (rep === undefined) return undefined
    out += rep
    if (start >= s.length) return out
    let next = m.index + m[0].length
    if (next === start) { out += s[start] as string; next++ }
    start = next
  }
}

/**
 * HAProxy's exp_replace(): \0..\9 insert a group (nothing when it did not
 * match), \xHH a byte, \c the char c. A trailing lone backslash makes
 * exp_replace() fail (HAProxy then copies garbage); the sample is lost here.
 */
function expandSubst (subst: string, m: RegExpExecArray): string | undefined {
  let out = ''
  for (let i = 0; i < subst.length; i++) {
    const c = subst[i] as string
    if (c !== '\\') { out += c; continue }
    const d = subst[++i]
    if (d === undefined) return undefined
    if (d >= '0' && d <= '9') { out += m[Number(d)] ?? ''; continue }
    if (d !== 'x') { out += d; continue }
    if (i + 2 >= subst.length) return undefined
    out += String.fromCharCode(((hexNibble(subst[i + 1] as string) << 4) + hexNibble(subst[i + 2] as string)) & 0xff)
    i += 2
  }
  return out
}

/** exp_replace()'s unchecked nibble: toupper(c) - '0', minus 7 past '9'. */
function hexNibble (c: string): number {
  let h = (c.toUpperCase().charCodeAt(0) - 0x30) & 0xff
  if (h > 9) h = (h - 7) & 0xff
  return h
}

// ---- json ------------------------------------------------------------------------

const JSON_MODES = new Set(['', 'ascii', 'utf8', 'utf8s', 'utf8p', 'utf8ps'])

const JSON_ESCAPES = new Map<number, string>([
  [0x22, '\\"'], [0x5c, '\\\\'], [0x2f, '\\/'], [0x08, '\\b'],
  [0x0c, '\\f'], [0x0d, '\\r'], [0x0a, '\\n'], [0x09, '\\t'],
])

/**
 * json([mode]): escapes for use between double quotes, as sample_conv_json()
 * in ascii mode: the usual escapes (including "\/"), and \u00XX for every
 * byte that is not printable ASCII. The utf8* modes are accepted but read
 * the input as ascii too (approximation: HAProxy decodes UTF-8 there and
 * escapes code points, or fails/skips on invalid sequences). An unknown mode,
 * refused at load by HAProxy, loses the sample.
 */
function json (s: string, mode: string | undefined): string | undefined {
  if (!JSON_MODES.has(mode ?? '')) return undefined
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const esc = JSON_ESCAPES.get(c)
    if (esc !== undefined) out += esc
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0')
    else out += s[i] as string
  }
  return out
}

// ---- b64dec, url_dec ---------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * b64dec as HAProxy's base64dec(): length a multiple of 4, only the standard
 * alphabet, '=' only at the end of a quartet. Any violation loses the sample.
 * Quartets are independent, so padded ones may follow each other, and the
 * C check order lets "X===" through as zero bytes: both kept as in HAProxy.
 */
function b64dec (s: string): string | undefined {
  if (s.length % 4 !== 0) return undefined
  let out = ''
  for (let q = 0; q < s.length; q += 4) {
    const quartet = decodeQuartet(s, q)
    if (quartet === undefined) return undefined
    out += quartet
  }
  return out
}

const B64_PAD = 64

function decodeQuartet (s: string, at: number): string | undefined {
  const t = [0, 0, 0, 0]
  let pad = 0
  for (let i = 0; i < 4; i++) {
    const c = s[at + i] as string
    const b = c === '=' ? B64_PAD : B64.indexOf(c)
    if (b < 0) return undefined
    if (pad > 0 && b !== B64_PAD) return undefined // padding has to be contiguous
    if (pad > 0 && i < 2) return undefined // never "==" from the second char
    if (b === B64_PAD) pad++
    t[i] = b
  }
  const [a, b, c, d] = t as [number, number, number, number]
  const bytes = [((a << 2) + (b >> 4)) & 0xff, ((b << 4) + (c >> 2)) & 0xff, ((c << 6) + d) & 0xff]
  return String.fromCharCode(...bytes.slice(0, 3 - pad))
}

const HEX = /^[0-9a-fA-F]{2}$/

/**
 * url_dec([in_form]) as HAProxy's url_decode(): %XX decoded, an invalid %
 * sequence loses the sample; '+' becomes a space when <in_form> is non-zero,
 * and in any case after a '?'. Decoding stops at a NUL byte (C string).
 */
function urlDecode (s: string, inForm: boolean): string | undefined {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string
    if (c === '\0') break
    if (c === '%') {
      const hh = s.slice(i + 1, i + 3)
      if (!HEX.test(hh)) return undefined
      out += String.fromCharCode(Number.parseInt(hh, 16))
      i += 2
      continue
    }
    if (c === '?') inForm = true
    out += c === '+' && inForm ? ' ' : c
  }
  return out
}

// ---- hashes (src/hash.c) ----------------------------------------------------------

/** A str -> int hash converter with HAProxy's optional avalanche flag. */
function hashConverter (kw: string, hash: (b: Buffer) => number): ConvDef {
  return {
    kw,
    in: 'str',
    out: 'int',
    args: [Arg.int('avalanche', { optional: true })],
    conv: (v, a) => {
      const h = hash(latin1(text(v)))
      return (intArg(a[0]) ?? 0) !== 0 ? fullHash(h) : h
    },
  }
}


/**
 * HAProxy's hash functions (sdbm, djb2, wt6, crc32, none) and the full avalanche
 * integer hash, bit-exact with the C versions (unsigned 32-bit arithmetic).
 * HAProxy reference: src/hash.c, src/tools.c full_hash(), src/backend.c gen_hash()
 */
import type { HashOptions } from './balancer.js'

export type HashFunction = (data: Uint8Array) => number

export function hashSdbm (data: Uint8Array): number {
  let h = 0
  for (const c of data) h = (c + (h << 6) + (h << 16) - h) >>> 0
  return h
}

export function hashDjb2 (data: Uint8Array): number {
  let h = 5381
  for (const c of data) h = ((h << 5) + h + c) >>> 0
  return h
}

/** Rotate left; a 0 count returns x unchanged, as x86 does for the C version. */
function rotl (x: number, n: number): number {
  return ((x << n) | (x >>> (32 - n))) >>> 0
}

export function hashWt6 (data: Uint8Array): number {
  let h0 = 0xa53c965a
  let h1 = 0x5ca6953a
  let step0 = 6
  let step1 = 18
  for (const c of data) {
    h0 = ~(h0 ^ c) >>> 0
    h1 = ~(h1 + c) >>> 0
    const t0 = rotl(h1, step0)
    h1 = rotl(h0, step1)
    h0 = t0
    const t = ((h0 >>> 16) ^ h1) & 0xffff
    step0 = t & 0x1f
    step1 = t >>> 11
  }
  return (h0 ^ h1) >>> 0
}

export function hashCrc32 (data: Uint8Array): number {
  let h = 0xffffffff
  for (const c of data) {
    h = (h ^ c) >>> 0
    for (let bit = 0; bit < 8; bit++) h = ((h >>> 1) ^ ((h & 1) !== 0 ? 0xedb88320 : 0)) >>> 0
  }
  return ~h >>> 0
}

const U64_MAX = (1n << 64n) - 1n
const I64_MAX = (1n << 63n) - 1n

/**
 * `none`: the key is used as the hash. Like HAProxy's read_int64(), reads an
 * optionally signed decimal prefix (saturating to 64 bits), truncated to 32 bits.
 */
export function hashNone (data: Uint8Array): number {
  let i = 0
  const neg = data[0] === 0x2d
  if (neg || data[0] === 0x2b) i++
  let v = 0n
  for (; i < data.length; i++) {
    const d = (data[i] ?? 0) - 0x30
    if (d < 0 || d > 9) break
    v = v * 10n + BigInt(d)
    if (v > U64_MAX) { v = U64_MAX; break }
  }
  if (neg) v = v > I64_MAX + 1n ? -(I64_MAX + 1n) : -v
  else if (v > I64_MAX) v = I64_MAX
  return Number(BigInt.asUintN(32, v))
}

/** Bob Jenkins' full avalanche integer hash, then spread by a prime (tools.h). */
export function fullHash (input: number): number {
  let a = input >>> 0
  a = ((a + 0x7ed55d16) + (a << 12)) >>> 0
  a = ((a ^ 0xc761c23c) ^ (a >>> 19)) >>> 0
  a = ((a + 0x165667b1) + (a << 5)) >>> 0
  a = ((a + 0xd3a2646c) ^ (a << 9)) >>> 0
  a = ((a + 0xfd7046c5) + (a << 3)) >>> 0
  a = ((a ^ 0xb55a4f09) ^ (a >>> 16)) >>> 0
  return Math.imul(a, 3221225473) >>> 0
}

export const hashFunctions: Readonly<Record<HashOptions['fn'], HashFunction>> = {
  sdbm: hashSdbm,
  djb2: hashDjb2,
  wt6: hashWt6,
  crc32: hashCrc32,
  none: hashNone,
}

/** The configured function, then `avalanche` if set (gen_hash()). */
export function genHash (opts: HashOptions, data: Uint8Array): number {
  const h = hashFunctions[opts.fn](data)
  return opts.avalanche ? fullHash(h) : h
}

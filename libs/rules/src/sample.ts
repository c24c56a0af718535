/**
 * Samples: what a fetch reads from a stream and a converter turns into another
 * value. A sample is a plain JS value whose type is known when the expression is
 * compiled (at config load), so nothing is boxed per request.
 * HAProxy reference: include/haproxy/sample-t.h, src/sample.c
 */
import { readFileSync } from 'node:fs'
import type { StreamView } from '@switchyard/types'
import { type Result, ok, err } from '@switchyard/types'

/** Reads a file named in a rule (`-f` patterns, map files); relative paths are the caller's business. */
export type ReadText = (path: string) => Result<string>

/** The default reader: the file system, relative to the current directory (as HAProxy). */
export const readFromDisk: ReadText = (path) => {
  try { return ok(readFileSync(path, 'utf8')) } catch (e) { return err((e as NodeJS.ErrnoException).code ?? (e as Error).message) }
}

/** HAProxy's sample types, folded: `ip` covers ipv4 and ipv6, `str` covers bin and meth. */
export type SampleType = 'str' | 'int' | 'bool' | 'ip'

/** A sample's value: string for str and ip, number for int, boolean for bool. */
export type Value = string | number | boolean

/** Where a fetch's data is available (HAProxy's SMP_USE_*). */
export type Use = 'l4' | 'fe' | 'req' | 'res' | 'any'

/** A fetch or converter argument, checked at load. */
export type ArgSpec = {
  readonly name: string
  readonly kind: 'str' | 'int'
  readonly optional?: boolean
}

export type ArgValue = string | number | undefined

export type FetchDef = {
  readonly kw: string
  readonly out: SampleType
  readonly use: Use
  readonly args?: readonly ArgSpec[]
  /** One value (HAProxy's last occurrence for header fetches), or undefined when absent. */
  readonly fetch: (s: StreamView, args: readonly ArgValue[]) => Value | undefined
  /** Every value, for ACL matching of multi-valued fetches (each header occurrence). */
  readonly each?: (s: StreamView, args: readonly ArgValue[]) => readonly Value[]
}

export type ConvDef = {
  readonly kw: string
  readonly in: SampleType | 'any'
  /** 'same': the input's type. */
  readonly out: SampleType | 'same'
  readonly args?: readonly ArgSpec[]
  /** Work done once at load (a map file read and indexed); its result is `loaded`. */
  readonly load?: (args: readonly ArgValue[], read: ReadText) => Result<unknown>
  readonly conv: (v: Value, args: readonly ArgValue[], s: StreamView, loaded: unknown) => Value | undefined
}

export function defineFetches (defs: readonly FetchDef[]): readonly FetchDef[] { return defs }
export function defineConverters (defs: readonly ConvDef[]): readonly ConvDef[] { return defs }

export const Arg = {
  str: (name: string, o: { optional?: boolean } = {}): ArgSpec => ({ name, kind: 'str', ...o }),
  int: (name: string, o: { optional?: boolean } = {}): ArgSpec => ({ name, kind: 'int', ...o }),
}

/** Casts a value to `to` as HAProxy's sample casts do; undefined when it cannot. */
export function cast (v: Value, from: SampleType, to: SampleType): Value | undefined {
  if (from === to) return v
  switch (to) {
    case 'str': return typeof v === 'boolean' ? (v ? '1' : '0') : String(v)
    case 'int': {
      if (typeof v === 'number') return v
      if (typeof v === 'boolean') return v ? 1 : 0
      if (from === 'ip') return undefined
      const m = /^\s*[-+]?\d+/.exec(v)
      return m === null ? undefined : Number.parseInt(m[0], 10)
    }
    case 'bool': return typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : v.length > 0 && v !== '0'
    case 'ip': return typeof v === 'string' ? v : undefined
  }
}

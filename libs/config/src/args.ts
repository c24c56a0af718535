/**
 * Small helpers shared by keyword parsers: argument checks phrased as HAProxy
 * phrases them ("'<kw>' expects <shape> as argument"), and condition splitting.
 */
import { type KeywordProblem } from './keyword.js'
import { type RawCondition } from './model.js'
import { parseTime, parseInteger, parseSize } from './units.js'
import type { Result } from '@switchyard/types'

export function expects (kw: string, shape: string, arg?: number): KeywordProblem {
  return { alert: `'${kw}' expects ${shape} as argument.`, ...(arg === undefined ? {} : { arg }) }
}

/** Runs a unit parser on args[i]; returns the value or a located problem. */
export function argValue<T> (args: readonly string[], i: number, kw: string, shape: string, parse: (s: string) => Result<T>):
{ ok: true; value: T } | { ok: false; problem: KeywordProblem } {
  const text = args[i]
  if (text === undefined || text === '') return { ok: false, problem: expects(kw, shape, i) }
  const r = parse(text)
  if (!r.ok) return { ok: false, problem: { alert: `'${kw}' expects ${shape} as argument: ${r.reason}, got '${text}'.`, arg: i } }
  return { ok: true, value: r.value }
}

export const timeArg = (args: readonly string[], i: number, kw: string): ReturnType<typeof argValue<number>> => argValue(args, i, kw, '<time>', parseTime)
export const sizeArg = (args: readonly string[], i: number, kw: string): ReturnType<typeof argValue<number>> => argValue(args, i, kw, '<size>', parseSize)
export const intArg = (args: readonly string[], i: number, kw: string, min = 0, max = Number.MAX_SAFE_INTEGER): ReturnType<typeof argValue<number>> =>
  argValue(args, i, kw, '<number>', (s) => parseInteger(s, min, max))

/** Too many words after the expected ones. */
export function extraArgs (args: readonly string[], expected: number, kw: string): KeywordProblem | undefined {
  if (args.length <= expected) return undefined
  return { alert: `'${kw}' cannot handle unexpected argument '${args[expected]}'.`, arg: expected }
}

/** Splits trailing `if|unless <cond>` off a rule's words. */
export function splitCondition (args: readonly string[]): { head: readonly string[]; cond?: RawCondition } {
  const i = args.findIndex(a => a === 'if' || a === 'unless')
  if (i < 0) return { head: args }
  return { head: args.slice(0, i), cond: { polarity: args[i] as 'if' | 'unless', words: args.slice(i + 1) } }
}

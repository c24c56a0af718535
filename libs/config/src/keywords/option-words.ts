/**
 * Shared reader for option words after an address (bind and server lines):
 * each option has a fixed number of values; unknown ones are named precisely.
 */
import type { KeywordContext } from '../keyword.js'
import { closest } from '../suggest.js'
import { parseTime } from '../units.js'

export type OptionSpec = {
  readonly name: string
  readonly arity: number
  readonly multi?: boolean
  readonly int?: boolean
  /** Value is a time (converted to ms). */
  readonly time?: boolean
  readonly values?: readonly string[]
  readonly ignored?: boolean
}

export type OptionValues = Record<string, string | boolean | number | string[]>

export function parseOptionWords (
  ctx: Pick<KeywordContext, 'args' | 'report'>, from: number, kw: string,
  table: ReadonlyMap<string, OptionSpec>, haproxyNames: readonly string[], what: 'bind' | 'server',
): OptionValues {
  const out: OptionValues = {}
  const args = ctx.args
  for (let i = from; i < args.length; i++) {
    const name = args[i] as string
    const spec = table.get(name)
    if (spec === undefined) {
      if (haproxyNames.includes(name)) {
        ctx.report({ alert: `'${kw}' : '${name}' is an HAProxy ${what} option that switchyard does not support yet.`, arg: i })
      } else {
        const hint = closest(name, table.keys())
        ctx.report({ alert: `'${kw}' : unknown keyword '${name}'.${hint === undefined ? '' : ` Did you mean '${hint}' maybe ?`}`, arg: i })
      }
      continue
    }
    const values = args.slice(i + 1, i + 1 + spec.arity)
    if (values.length < spec.arity || values.some(v => v === '')) {
      ctx.report({ alert: `'${kw}' : '${name}' expects ${spec.arity === 1 ? 'an argument' : `${spec.arity} arguments`}.`, arg: i })
      break
    }
    i += spec.arity
    if (spec.ignored === true) {
      ctx.report({ warning: `'${kw}' : '${name}' is ignored by switchyard: tuning that has no effect here.`, arg: i - spec.arity })
      continue
    }
    const v = values[0]
    if (v === undefined) { out[name] = true; continue }
    if (spec.values !== undefined && !spec.values.includes(v)) {
      ctx.report({ alert: `'${kw}' : '${name}' expects one of ${spec.values.map(x => `'${x}'`).join(', ')}, got '${v}'.`, arg: i })
      continue
    }
    if (spec.int === true) {
      if (!/^\d+$/.test(v)) { ctx.report({ alert: `'${kw}' : '${name}' expects an integer argument, got '${v}'.`, arg: i }); continue }
      out[name] = Number(v)
      continue
    }
    if (spec.time === true) {
      const t = parseTime(v)
      if (!t.ok) { ctx.report({ alert: `'${kw}' : '${name}' expects <time> as argument: ${t.reason}, got '${v}'.`, arg: i }); continue }
      out[name] = t.value
      continue
    }
    if (spec.multi === true) {
      const prev = out[name]
      out[name] = Array.isArray(prev) ? [...prev, v] : [v]
      continue
    }
    out[name] = v
  }
  return out
}

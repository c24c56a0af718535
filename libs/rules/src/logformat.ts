/**
 * Log-format strings as rule arguments: literal text, `%[fetch,conv...]` sample
 * expressions, `%%`, and the common aliases (%ci %cp %fi %fp %f %b). Compiled
 * once; evaluating one is a concatenation.
 * HAProxy reference: src/log.c parse_logformat_string(), doc/configuration.txt 8.2.4
 */
import type { StreamView } from '@switchyard/types'
import { type Result, ok, err } from '@switchyard/types'
import { hostname } from 'node:os'
import { compileExpr, type SampleExpr } from './expr.js'

type Part = string | SampleExpr | ((s: StreamView) => string)

const ALIASES: Readonly<Record<string, (s: StreamView) => string>> = {
  ci: (s) => s.src,
  cp: (s) => String(s.srcPort),
  fi: (s) => s.dst,
  fp: (s) => String(s.dstPort),
  f: (s) => s.frontend,
  b: (s) => s.backend ?? '',
  HM: (s) => s.request?.method ?? '',
  HU: (s) => s.request?.target ?? '',
  HV: (s) => s.request === undefined ? '' : `HTTP/${s.request.version}`,
  Ts: () => String(Math.floor(Date.now() / 1000)),
  T: () => gmtDate(new Date()),
  pid: () => String(process.pid),
  H: () => hostname(),
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (n: number): string => String(n).padStart(2, '0')

/** HAProxy's %T: `25/Nov/2026:14:05:00 +0000`. */
function gmtDate (d: Date): string {
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()] as string}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
}

export class LogFormat {
  constructor (readonly text: string, private readonly parts: readonly Part[]) {}

  /** True when the string has no expression: it is the same for every request. */
  get constant (): boolean { return this.parts.every(p => typeof p === 'string') }

  render (s: StreamView): string {
    let out = ''
    for (const p of this.parts) {
      if (typeof p === 'string') out += p
      else if (typeof p === 'function') out += p(s)
      else { const v = p.eval(s); if (v !== undefined) out += typeof v === 'boolean' ? (v ? '1' : '0') : String(v) }
    }
    return out
  }
}

export function compileLogFormat (text: string): Result<LogFormat> {
  const parts: Part[] = []
  let lit = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (c !== '%') { lit += c; continue }
    const next = text[i + 1]
    if (next === '%') { lit += '%'; i++; continue }
    if (next === '[') {
      const close = matchingBracket(text, i + 1)
      if (close < 0) return err(`missing ']' after '%[' in '${text}'`)
      const expr = compileExpr(text.slice(i + 2, close))
      if (!expr.ok) return err(`${expr.reason} in '${text}'`)
      if (lit !== '') { parts.push(lit); lit = '' }
      parts.push(expr.value)
      i = close
      continue
    }
    const m = /^[A-Za-z]+/.exec(text.slice(i + 1))
    const alias = m === null ? undefined : ALIASES[m[0]]
    // HAProxy's variables are whole words (%Ts, %T, %pid): a longer run of letters is another variable.
    if (m === null || alias === undefined) return err(`unsupported log-format variable '%${m?.[0] ?? next ?? ''}' in '${text}'`)
    if (lit !== '') { parts.push(lit); lit = '' }
    parts.push(alias)
    i += m[0].length
  }
  if (lit !== '') parts.push(lit)
  return ok(new LogFormat(text, parts))
}

function matchingBracket (text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '[') depth++
    else if (text[i] === ']') { depth--; if (depth === 0) return i }
  }
  return -1
}

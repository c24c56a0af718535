/**
 * Sample expressions: `fetch(args)[,converter(args)...]`, parsed and checked
 * once, then evaluated against a StreamView per request.
 * HAProxy reference: src/sample.c sample_parse_expr(), sample_process()
 */
import type { StreamView } from '@switchyard/types'
import { type Result, ok, err } from '@switchyard/types'
import { cast, readFromDisk, type ArgSpec, type ArgValue, type ConvDef, type FetchDef, type ReadText, type SampleType, type Value } from './sample.js'
import { findFetch } from './fetch/index.js'
import { findConverter } from './conv/index.js'

type Step = { readonly def: ConvDef; readonly args: readonly ArgValue[]; readonly from: SampleType; readonly to: SampleType; readonly loaded: unknown }

export class SampleExpr {
  constructor (
    readonly text: string,
    readonly fetch: FetchDef,
    readonly args: readonly ArgValue[],
    private readonly steps: readonly Step[],
    /** The type of the final value. */
    readonly out: SampleType,
  ) {}

  /** The expression's value, or undefined when the sample is absent (or a converter failed). */
  eval (s: StreamView): Value | undefined {
    const v = this.fetch.fetch(s, this.args)
    return v === undefined ? undefined : this.convert(v, s)
  }

  /** Every value, for ACL matching: each occurrence of a multi-valued fetch. */
  evalAll (s: StreamView): readonly Value[] {
    if (this.fetch.each === undefined) {
      const v = this.eval(s)
      return v === undefined ? [] : [v]
    }
    const out: Value[] = []
    for (const raw of this.fetch.each(s, this.args)) {
      const v = this.convert(raw, s)
      if (v !== undefined) out.push(v)
    }
    return out
  }

  private convert (v0: Value, s: StreamView): Value | undefined {
    let v: Value | undefined = v0
    for (const st of this.steps) {
      if (v === undefined) return undefined
      const input: Value | undefined = st.def.in === 'any' ? v : cast(v, st.from, st.def.in)
      if (input === undefined) return undefined
      v = st.def.conv(input, st.args, s, st.loaded)
    }
    return v
  }
}

/** Parses and checks `fetch(args),conv(args)...`. */
export function compileExpr (text: string, read: ReadText = readFromDisk): Result<SampleExpr> {
  const parts = splitChain(text)
  if (!parts.ok) return parts
  const [head, ...convs] = parts.value
  const call = parseCall(head as string)
  if (!call.ok) return call
  const fetch = findFetch(call.value.name)
  if (fetch === undefined) return err(`unknown fetch method '${call.value.name}'`)
  const args = checkArgs(`fetch method '${fetch.kw}'`, fetch.args ?? [], call.value.args)
  if (!args.ok) return args
  let type = fetch.out
  const steps: Step[] = []
  for (const c of convs) {
    const cc = parseCall(c)
    if (!cc.ok) return cc
    const def = findConverter(cc.value.name)
    if (def === undefined) return err(`unknown converter '${cc.value.name}'`)
    const cargs = checkArgs(`converter '${def.kw}'`, def.args ?? [], cc.value.args)
    if (!cargs.ok) return cargs
    if (def.in !== 'any' && !castable(type, def.in)) return err(`converter '${def.kw}' cannot be applied to a sample of type ${type}`)
    const to = def.out === 'same' ? type : def.out
    const loaded = def.load === undefined ? undefined : def.load(cargs.value, read)
    if (loaded !== undefined && !loaded.ok) return err(`converter '${def.kw}': ${loaded.reason}`)
    steps.push({ def, args: cargs.value, from: type, to, loaded: loaded?.value })
    type = to
  }
  return ok(new SampleExpr(text, fetch, args.value, steps, type))
}

export function castable (from: SampleType, to: SampleType): boolean {
  if (from === to || to === 'str' || to === 'bool') return true
  if (to === 'int') return from !== 'ip'
  return from === 'str'
}

/** Splits on the commas between chain elements (not those inside parentheses). */
function splitChain (text: string): Result<string[]> {
  const out: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\\') { i++; continue }
    if (c === '(') depth++
    else if (c === ')') { depth--; if (depth < 0) return err(`unbalanced ')' in '${text}'`) }
    else if (c === ',' && depth === 0) { out.push(text.slice(start, i)); start = i + 1 }
  }
  if (depth !== 0) return err(`missing ')' in '${text}'`)
  out.push(text.slice(start))
  if (out.some(p => p.length === 0)) return err(`empty element in '${text}'`)
  return ok(out)
}

type Call = { name: string; args: string[] }

function parseCall (s: string): Result<Call> {
  const open = s.indexOf('(')
  if (open < 0) return ok({ name: s, args: [] })
  if (!s.endsWith(')')) return err(`missing ')' after the arguments of '${s.slice(0, open)}'`)
  const inner = s.slice(open + 1, -1)
  return ok({ name: s.slice(0, open), args: inner === '' ? [] : splitArgs(inner) })
}

/**
 * Arguments are comma-separated; a backslash before a comma, a parenthesis or a
 * backslash keeps that character, and any other backslash stays (regex escapes).
 */
function splitArgs (inner: string): string[] {
  const out: string[] = []
  let cur = ''
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i] as string
    if (c === '\\' && i + 1 < inner.length && ',()\\'.includes(inner[i + 1] as string)) { cur += inner[++i] as string; continue }
    if (c === ',') { out.push(cur); cur = ''; continue }
    cur += c
  }
  out.push(cur)
  return out
}

function checkArgs (what: string, specs: readonly ArgSpec[], given: readonly string[]): Result<ArgValue[]> {
  if (given.length > specs.length) return err(`${what} expects at most ${specs.length} argument(s), got ${given.length}`)
  const out: ArgValue[] = []
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i] as ArgSpec
    const g = given[i]
    if (g === undefined || g === '') {
      if (spec.optional !== true) return err(`${what} expects <${spec.name}> as argument ${i + 1}`)
      out.push(undefined)
      continue
    }
    if (spec.kind === 'int') {
      if (!/^[-+]?\d+$/.test(g)) return err(`${what}: argument <${spec.name}> must be an integer, got '${g}'`)
      out.push(Number(g))
    } else {
      out.push(g)
    }
  }
  return ok(out)
}

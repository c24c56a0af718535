/**
 * HAProxy's `.if` condition language, also used by `-cc <expr>`:
 * terms (version_atleast, feature, defined, streq, ...), `!`, `&&`, `||`, parentheses.
 * HAProxy reference: src/cfgcond.c, doc/configuration.txt section 2.4
 */
import { type Result, ok, err } from '@switchyard/types'
import { type Env } from './tokenizer.js'

/** What the build claims, for version_* and feature() terms. */
export type BuildInfo = {
  readonly version: string
  readonly features: readonly string[]
  readonly sslLibName: string
  readonly opensslVersion: string
}

type Tok = { t: 'lp' | 'rp' | 'not' | 'and' | 'or' | 'comma' } | { t: 'word'; v: string; quoted: boolean }

/** Evaluates a condition; an unparsable one is an error, never false. */
export function evalCondition (text: string, env: Env, build: BuildInfo): Result<boolean> {
  const toks = lex(text, env)
  if (!toks.ok) return toks
  if (toks.value.length === 0) return ok(false)
  const p = new Parser(toks.value, env, build)
  const v = p.or()
  if (!v.ok) return v
  if (p.pos < toks.value.length) return err(`unexpected '${show(toks.value[p.pos] as Tok)}' after the condition`)
  return v
}

function show (t: Tok): string {
  switch (t.t) {
    case 'word': return t.v
    case 'lp': return '('
    case 'rp': return ')'
    case 'not': return '!'
    case 'and': return '&&'
    case 'or': return '||'
    case 'comma': return ','
  }
}

function lex (s: string, env: Env): Result<Tok[]> {
  const out: Tok[] = []
  let i = 0
  while (i < s.length) {
    const c = s[i] as string
    if (c === ' ' || c === '\t') { i++; continue }
    if (c === '(') { out.push({ t: 'lp' }); i++; continue }
    if (c === ')') { out.push({ t: 'rp' }); i++; continue }
    if (c === ',') { out.push({ t: 'comma' }); i++; continue }
    if (c === '!') { out.push({ t: 'not' }); i++; continue }
    if (s.startsWith('&&', i)) { out.push({ t: 'and' }); i += 2; continue }
    if (s.startsWith('||', i)) { out.push({ t: 'or' }); i += 2; continue }
    if (c === '"' || c === "'") {
      const close = s.indexOf(c, i + 1)
      if (close < 0) return err(`unmatched quote at position ${i + 1}`)
      const body = s.slice(i + 1, close)
      out.push({ t: 'word', v: c === '"' ? expandVars(body, env) : body, quoted: true })
      i = close + 1
      continue
    }
    const m = /^[^\s(),!&|"']+/.exec(s.slice(i))
    if (m === null) return err(`unexpected character '${c}' at position ${i + 1}`)
    out.push({ t: 'word', v: m[0], quoted: false })
    i += m[0].length
  }
  return ok(out)
}

function expandVars (s: string, env: Env): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_m, braced: string | undefined, dflt: string | undefined, bare: string | undefined) => {
      const v = env[(braced ?? bare) as string]
      return v ?? dflt ?? ''
    })
}

class Parser {
  pos = 0
  constructor (private readonly toks: readonly Tok[], private readonly env: Env, private readonly build: BuildInfo) {}

  or (): Result<boolean> {
    let left = this.and()
    while (left.ok && this.peek()?.t === 'or') {
      this.pos++
      const right = this.and()
      if (!right.ok) return right
      left = ok(left.value || right.value)
    }
    return left
  }

  and (): Result<boolean> {
    let left = this.unary()
    while (left.ok && this.peek()?.t === 'and') {
      this.pos++
      const right = this.unary()
      if (!right.ok) return right
      left = ok(left.value && right.value)
    }
    return left
  }

  unary (): Result<boolean> {
    const t = this.peek()
    if (t === undefined) return err('missing term at the end of the condition')
    if (t.t === 'not') {
      this.pos++
      const v = this.unary()
      return v.ok ? ok(!v.value) : v
    }
    if (t.t === 'lp') {
      this.pos++
      const v = this.or()
      if (!v.ok) return v
      if (this.peek()?.t !== 'rp') return err("missing closing ')'")
      this.pos++
      return v
    }
    if (t.t !== 'word') return err(`unexpected '${show(t)}'`)
    this.pos++
    if (this.peek()?.t === 'lp') return this.call(t.v)
    if (/^-?\d+$/.test(t.v)) return ok(Number(t.v) !== 0)
    return err(`unknown term '${t.v}'`)
  }

  private call (name: string): Result<boolean> {
    this.pos++
    const args: string[] = []
    if (this.peek()?.t === 'rp') { this.pos++; return applyTerm(name, args, this.env, this.build) }
    for (;;) {
      const a = this.peek()
      if (a?.t !== 'word') return err(`'${name}' expects arguments separated by commas and a closing ')'`)
      args.push(a.v)
      this.pos++
      const sep = this.peek()
      if (sep?.t === 'comma') { this.pos++; continue }
      if (sep?.t === 'rp') { this.pos++; break }
      return err(`missing closing ')' after the arguments of '${name}'`)
    }
    return applyTerm(name, args, this.env, this.build)
  }

  private peek (): Tok | undefined { return this.toks[this.pos] }
}

type TermFn = (args: readonly string[], env: Env, build: BuildInfo) => boolean

const TERMS: Readonly<Record<string, { arity: number; fn: TermFn }>> = {
  defined: { arity: 1, fn: ([n], env) => env[n as string] !== undefined },
  feature: { arity: 1, fn: ([n], _e, b) => b.features.includes((n as string).toUpperCase()) },
  streq: { arity: 2, fn: ([a, b]) => a === b },
  strneq: { arity: 2, fn: ([a, b]) => a !== b },
  strstr: { arity: 2, fn: ([a, b]) => (a as string).includes(b as string) },
  version_atleast: { arity: 1, fn: ([v], _e, b) => compareVersions(b.version, v as string) >= 0 },
  version_before: { arity: 1, fn: ([v], _e, b) => compareVersions(b.version, v as string) < 0 },
  openssl_version_atleast: { arity: 1, fn: ([v], _e, b) => compareVersions(b.opensslVersion, v as string) >= 0 },
  openssl_version_before: { arity: 1, fn: ([v], _e, b) => compareVersions(b.opensslVersion, v as string) < 0 },
  ssllib_name_startswith: { arity: 1, fn: ([v], _e, b) => b.sslLibName.startsWith(v as string) },
  enabled: { arity: 1, fn: () => true },
}

function applyTerm (name: string, args: readonly string[], env: Env, build: BuildInfo): Result<boolean> {
  const term = TERMS[name]
  if (term === undefined) return err(`unknown term '${name}' (known: ${Object.keys(TERMS).join(', ')})`)
  if (args.length !== term.arity) return err(`'${name}' expects ${term.arity} argument(s), got ${args.length}`)
  return ok(term.fn(args, env, build))
}

/**
 * Compares HAProxy-style versions: "2.6", "2.6.12", "2.6-dev0", "2.6-rc1", "3.0.1".
 * dev < rc < release for the same numbers, as HAProxy orders them.
 */
export function compareVersions (a: string, b: string): number {
  const pa = versionKey(a)
  const pb = versionKey(b)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

function versionKey (v: string): number[] {
  const m = /^(\d+(?:\.\d+)*)(?:-?(dev|rc|pre)(\d*))?/.exec(v.trim())
  if (m === null) return [0]
  const nums = (m[1] as string).split('.').map(Number)
  while (nums.length < 3) nums.push(0)
  const stage = m[2] === 'dev' ? 0 : m[2] === 'pre' || m[2] === 'rc' ? 1 : 2
  return [...nums, stage, Number(m[3] || 0)]
}

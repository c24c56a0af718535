/**
 * ACLs: a sample expression, a match method and patterns, compiled at load.
 * `acl NAME CRITERION [flags] [operator] VALUE...`; the criterion is a fetch
 * (with converters) or one of the suffixed ACL keywords (path_beg = path + beg).
 * HAProxy reference: src/acl.c parse_acl_expr(), doc/configuration.txt 7.1
 */
import type { StreamView } from '@switchyard/types'
import { type Result, ok, err } from '@switchyard/types'
import { cast, readFromDisk, type ReadText } from './sample.js'
export type { ReadText } from './sample.js'
import { compileExpr, castable, type SampleExpr } from './expr.js'
import { HAPROXY_ACL_KEYWORDS, HAPROXY_CONVERTERS, HAPROXY_FETCHES } from './haproxy-samples.js'
import { MATCH_METHODS, compileMatch, defaultMatch, matchInput, type MatchMethod, type Test } from './match.js'

/** A compiled ACL term: true when a value of the sample matches one pattern. */
export class Acl {
  constructor (
    readonly expr: SampleExpr,
    readonly method: MatchMethod,
    private readonly test: Test,
  ) {}

  eval (s: StreamView): boolean {
    const values = this.expr.evalAll(s)
    if (this.method === 'found') return values.length > 0
    const want = matchInput(this.method)
    for (const v of values) {
      const x = want === 'any' ? v : cast(v, this.expr.out, want)
      if (x !== undefined && this.test(x)) return true
    }
    return false
  }
}

/** A compiled ACL, or why not with the index of the word it is about (for the column in diagnostics). */
export type AclResult = { readonly ok: true; readonly value: Acl } | AclError

/** `unsupported`: HAProxy knows the fetch or converter, switchyard does not evaluate it yet. */
export type AclError = { readonly ok: false; readonly reason: string; readonly word: number; readonly unsupported?: boolean }

/** Compiles the words after `acl NAME` (or inside `{ }`): criterion, flags, values. */
export function compileAcl (words: readonly string[], read: ReadText = readFromDisk): AclResult {
  const crit = words[0]
  if (crit === undefined) return { ok: false, reason: 'missing fetch method', word: 0 }
  const { expr: exprText, method: implied } = splitCriterion(crit)
  if (implied === 'unsupported') return { ok: false, reason: `ACL keyword '${crit}' is not supported by switchyard yet`, word: 0, unsupported: true }
  const expr = compileExpr(exprText, read)
  if (!expr.ok) return { ok: false, reason: expr.reason, word: 0, ...(haproxyKnows(expr.reason) ? { unsupported: true } : {}) }
  let method: MatchMethod | undefined = implied
  let ignoreCase = false
  const patterns: string[] = []
  let i = 1
  for (; i < words.length; i++) {
    const w = words[i] as string
    if (w === '--') { i++; break }
    if (!w.startsWith('-') || /^-\d/.test(w)) break
    if (w === '-i') { ignoreCase = true; continue }
    if (w === '-n' || w === '-u' || w === '-M') continue
    if (w === '-m') {
      const m = words[++i]
      if (m === undefined || !MATCH_METHODS.includes(m as MatchMethod)) return { ok: false, reason: `'-m' expects one of ${MATCH_METHODS.join(', ')}`, word: i }
      method = m as MatchMethod
      continue
    }
    if (w === '-f') {
      const f = words[++i]
      if (f === undefined) return { ok: false, reason: `'-f' expects a file name`, word: i }
      const loaded = patternFile(f, read)
      if (!loaded.ok) return { ok: false, reason: loaded.reason, word: i }
      patterns.push(...loaded.value)
      continue
    }
    return { ok: false, reason: `unknown ACL flag '${w}'`, word: i }
  }
  for (; i < words.length; i++) patterns.push(words[i] as string)
  const m = method ?? defaultMatch(expr.value.out)
  const input = matchInput(m)
  if (input !== 'any' && !castable(expr.value.out, input)) return { ok: false, reason: `match method '${m}' cannot compare a sample of type ${expr.value.out}`, word: 0 }
  if (patterns.length === 0 && m !== 'found' && m !== 'bool') return { ok: false, reason: `no pattern to match against for '${crit}'`, word: 0 }
  const test = compileMatch(m, patterns, ignoreCase)
  if (!test.ok) return { ok: false, reason: test.reason, word: 0 }
  return ok(new Acl(expr.value, m, test.value))
}

/** `path_beg(x)` -> fetch `path(x)` with method beg (HAProxy's ACL keyword table); anything else is an expression. */
function splitCriterion (crit: string): { expr: string; method: MatchMethod | 'unsupported' | undefined } {
  const end = crit.search(/[(,]/)
  const name = end < 0 ? crit : crit.slice(0, end)
  const entry = HAPROXY_ACL_KEYWORDS[name]
  if (entry === undefined) return { expr: crit, method: undefined }
  const [fetch, method] = entry
  if (!MATCH_METHODS.includes(method as MatchMethod)) return { expr: crit, method: 'unsupported' }
  return { expr: fetch + (end < 0 ? '' : crit.slice(end)), method: method as MatchMethod }
}

/** Whether an expression error names a fetch or converter that HAProxy 2.6 has. */
function haproxyKnows (reason: string): boolean {
  const m = /^unknown (fetch method|converter) '([^']+)'/.exec(reason)
  if (m === null) return false
  return m[1] === 'converter' ? HAPROXY_CONVERTERS.has(m[2] as string) : HAPROXY_FETCHES.has(m[2] as string)
}

/** `-f FILE`: one pattern per line; blank lines and lines starting with '#' are skipped. */
function patternFile (file: string, read: ReadText): Result<string[]> {
  const text = read(file)
  if (!text.ok) return err(`cannot read pattern file '${file}': ${text.reason}`)
  const out: string[] = []
  for (const line of text.value.split('\n')) {
    const t = line.trim()
    if (t === '' || t.startsWith('#')) continue
    out.push(t)
  }
  return ok(out)
}

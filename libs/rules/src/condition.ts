/**
 * Rule conditions: `if|unless` followed by ACL names and anonymous `{ ... }`
 * ACLs, ANDed by juxtaposition, ORed by `||` or `or`, negated by `!`. Named ACLs
 * are the proxy's (several `acl` lines with one name are ORed) or HAProxy's
 * predefined ones.
 * HAProxy reference: src/acl.c build_acl_cond(), doc/configuration.txt 7.2 and 7.4
 */
import type { StreamView } from '@switchyard/types'
import { compileAcl, type Acl, type ReadText } from './acl.js'

/** A compiled condition: `test(s)` applies the polarity. */
export class Condition {
  constructor (
    readonly polarity: 'if' | 'unless',
    /** OR of ANDs of (possibly negated) ACLs. */
    private readonly terms: readonly (readonly Term[])[],
  ) {}

  test (s: StreamView): boolean {
    const v = this.terms.some(and => and.every(t => t.acls.some(a => a.eval(s)) !== t.negate))
    return this.polarity === 'if' ? v : !v
  }
}

type Term = { readonly negate: boolean; readonly acls: readonly Acl[] }

/** The proxy's named ACLs, by name (one name may have several lines). */
export type AclTable = ReadonlyMap<string, readonly Acl[]>

export type ConditionResult = { readonly ok: true; readonly value: Condition } | { readonly ok: false; readonly reason: string; readonly word: number; readonly unsupported?: boolean }

/** HAProxy 2.6's predefined ACLs (those switchyard can evaluate). */
const PREDEFINED: Readonly<Record<string, readonly string[]>> = {
  TRUE: ['always_true'],
  FALSE: ['always_false'],
  HTTP: ['always_true'],
  'HTTP_1.0': ['req.ver', '1.0'],
  'HTTP_1.1': ['req.ver', '1.1'],
  HTTP_CONTENT: ['hdr_val(content-length)', 'gt', '0'],
  HTTP_URL_ABS: ['url_reg', '^[^/:]*://'],
  HTTP_URL_SLASH: ['url_beg', '/'],
  HTTP_URL_STAR: ['url', '*'],
  LOCALHOST: ['src', '127.0.0.1/8', '::1'],
  METH_CONNECT: ['method', 'CONNECT'],
  METH_DELETE: ['method', 'DELETE'],
  METH_GET: ['method', 'GET', 'HEAD'],
  METH_HEAD: ['method', 'HEAD'],
  METH_OPTIONS: ['method', 'OPTIONS'],
  METH_POST: ['method', 'POST'],
  METH_PUT: ['method', 'PUT'],
  METH_TRACE: ['method', 'TRACE'],
}

/** Compiles the words after `if`/`unless`. */
export function compileCondition (polarity: 'if' | 'unless', words: readonly string[], acls: AclTable, read?: ReadText): ConditionResult {
  if (words.length === 0) return { ok: false, reason: `missing condition after '${polarity}'`, word: 0 }
  const ors: Term[][] = [[]]
  for (let i = 0; i < words.length; i++) {
    let w = words[i] as string
    if (w === '||' || w === 'or') {
      if ((ors[ors.length - 1] as Term[]).length === 0) return { ok: false, reason: `'${w}' without a condition before it`, word: i }
      ors.push([])
      continue
    }
    let negate = false
    if (w.startsWith('!')) {
      negate = true
      w = w.slice(1)
      if (w === '') { w = words[++i] ?? ''; if (w === '') return { ok: false, reason: `'!' without an ACL after it`, word: i - 1 } }
    }
    if (w === '{') {
      const close = words.indexOf('}', i + 1)
      if (close < 0) return { ok: false, reason: `missing '}' after the anonymous ACL`, word: i }
      const acl = compileAcl(words.slice(i + 1, close), read)
      if (!acl.ok) return { ok: false, reason: `anonymous ACL: ${acl.reason}`, word: i + 1 + acl.word, ...(acl.unsupported === true ? { unsupported: true } : {}) }
      ;(ors[ors.length - 1] as Term[]).push({ negate, acls: [acl.value] })
      i = close
      continue
    }
    const named = resolve(w, acls)
    if (named === undefined) return { ok: false, reason: `no such ACL : '${w}'`, word: i }
    ;(ors[ors.length - 1] as Term[]).push({ negate, acls: named })
  }
  if ((ors[ors.length - 1] as Term[]).length === 0) return { ok: false, reason: `condition ends with '${words[words.length - 1] as string}'`, word: words.length - 1 }
  return { ok: true, value: new Condition(polarity, ors) }
}

function resolve (name: string, acls: AclTable): readonly Acl[] | undefined {
  const own = acls.get(name)
  if (own !== undefined) return own
  const pre = PREDEFINED[name]
  if (pre === undefined) return undefined
  const acl = compileAcl(pre)
  return acl.ok ? [acl.value] : undefined
}

/** Compiles a proxy's `acl` lines into a table; the first error stops with its line. */
export function compileAclTable<L> (lines: readonly { readonly words: readonly string[]; readonly loc: L }[], read?: ReadText):
  { ok: true; value: Map<string, Acl[]> } | { ok: false; reason: string; word: number; loc: L } {
  const table = new Map<string, Acl[]>()
  for (const line of lines) {
    // words: NAME CRITERION ... (the config keeps them without the keyword)
    const name = line.words[0]
    if (name === undefined) return { ok: false, reason: `'acl' expects a name`, word: 0, loc: line.loc }
    const acl = compileAcl(line.words.slice(1), read)
    if (!acl.ok) return { ok: false, reason: `acl '${name}': ${acl.reason}`, word: acl.word + 1, loc: line.loc }
    const list = table.get(name)
    if (list === undefined) table.set(name, [acl.value])
    else list.push(acl.value)
  }
  return { ok: true, value: table }
}

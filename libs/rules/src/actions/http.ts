/**
 * `http-request` and `http-response` actions: one descriptor per action (name,
 * phases, parser), each parsed once into a function over the message being
 * processed. Rules run in order; a rule whose condition fails is skipped; allow,
 * deny, return and redirect end the list.
 * HAProxy reference: src/http_act.c, src/http_rules.c, doc/configuration.txt 4.2
 */
import type { StreamView } from '@switchyard/types'
import { type Result, ok, err } from '@switchyard/types'
import { compileLogFormat, type LogFormat } from '../logformat.js'
import { compileExpr } from '../expr.js'
import { normalizer } from './normalize.js'
import { compileCondition, type AclTable, type Condition } from '../condition.js'
import type { ReadText } from '../acl.js'

/** The message a rule works on; the data plane's StreamView reads the same object, so later rules see the changes. */
export interface HttpMessage {
  headers: string[]
  method: string
  target: string
  status: number
  reason: string
  /** `disable-l7-retry`: no `retry-on` retries for this request. */
  noL7Retry?: boolean
  /** `early-hint` headers (flat name, value): sent to the client as a 103 before the request goes on. */
  earlyHints?: string[]
}

/** An answer the proxy sends itself (return, redirect, deny with a body). */
export type Reply = { readonly status: number; readonly reason: string; readonly headers: readonly string[]; readonly body: string }

/** How a rule ends the list: undefined to go on. */
export type Verdict =
  | { readonly kind: 'allow' }
  | { readonly kind: 'deny'; readonly status: number }
  | { readonly kind: 'tarpit'; readonly status: number }
  | { readonly kind: 'reply'; readonly reply: Reply }
  | { readonly kind: 'auth'; readonly realm: string }
  | undefined

export type Phase = 'request' | 'response'

type Run = (m: HttpMessage, s: StreamView) => Verdict

type ActionDef = {
  readonly kw: string
  readonly phases: readonly Phase[]
  /** `args`: the words after the action name, up to the condition. */
  readonly parse: (args: readonly string[], phase: Phase, param: string | undefined) => Result<Run>
}

export class HttpRule {
  constructor (readonly action: string, private readonly cond: Condition | undefined, private readonly run: Run) {}

  /** Applies the rule when its condition holds. */
  apply (m: HttpMessage, s: StreamView): Verdict {
    if (this.cond !== undefined && !this.cond.test(s)) return undefined
    return this.run(m, s)
  }
}

/** Runs rules in order until one ends the list. */
export function runHttpRules (rules: readonly HttpRule[], m: HttpMessage, s: StreamView): Verdict {
  for (const r of rules) {
    const v = r.apply(m, s)
    if (v !== undefined) return v
  }
  return undefined
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  410: 'Gone', 413: 'Payload Too Large', 425: 'Too Early', 429: 'Too Many Requests', 500: 'Internal Server Error',
  501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
}

export function reasonOf (status: number): string {
  return REASONS[status] ?? 'Other'
}

// ---- helpers ----------------------------------------------------------------

function fmt (text: string | undefined, what: string): Result<LogFormat> {
  if (text === undefined) return err(`${what} expects a value`)
  return compileLogFormat(text)
}

function regex (text: string | undefined, what: string): Result<RegExp> {
  if (text === undefined) return err(`${what} expects a regex`)
  try { return ok(new RegExp(text)) } catch (e) { return err(`${what}: invalid regex '${text}': ${(e as Error).message}`) }
}

/** HAProxy's replacement strings: \1..\9 are the groups of the match. */
function substitute (m: RegExpExecArray, repl: string): string {
  return repl.replace(/\\([0-9])/g, (_x, d: string) => m[Number(d)] ?? '')
}

function removeHeader (headers: string[], lower: string): void {
  let w = 0
  for (let r = 0; r < headers.length; r += 2) {
    const n = headers[r] as string
    if (n.length === lower.length && (n === lower || n.toLowerCase() === lower)) continue
    headers[w++] = headers[r] as string
    headers[w++] = headers[r + 1] as string
  }
  headers.length = w
}

function statusArg (v: string | undefined, what: string): Result<number> {
  if (v === undefined || !/^\d{3}$/.test(v)) return err(`${what} expects a 3-digit status code, got '${v ?? ''}'`)
  return ok(Number(v))
}

function splitTarget (t: string): { path: string; query: string | undefined } {
  const q = t.indexOf('?')
  return q < 0 ? { path: t, query: undefined } : { path: t.slice(0, q), query: t.slice(q + 1) }
}

// ---- reply options (deny, return) -------------------------------------------

type ReplyOpts = { status: number; contentType: string | undefined; body: LogFormat | undefined; hdrs: [string, LogFormat][] }

function parseReplyOpts (args: readonly string[], dflt: number, statusWord: string): Result<ReplyOpts> {
  const o: ReplyOpts = { status: dflt, contentType: undefined, body: undefined, hdrs: [] }
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as string
    const v = args[i + 1]
    if (w === statusWord) { const s = statusArg(v, `'${statusWord}'`); if (!s.ok) return s; o.status = s.value; i++; continue }
    if (w === 'content-type') { if (v === undefined) return err(`'content-type' expects a value`); o.contentType = v; i++; continue }
    if (w === 'string' || w === 'lf-string') {
      if (v === undefined) return err(`'${w}' expects a value`)
      const f = w === 'string' ? compileLogFormat(v.replace(/%/g, '%%')) : compileLogFormat(v)
      if (!f.ok) return f
      o.body = f.value
      i++
      continue
    }
    if (w === 'hdr') {
      const name = v
      const f = fmt(args[i + 2], `'hdr ${name ?? ''}'`)
      if (name === undefined || !f.ok) return err(`'hdr' expects a name and a value`)
      o.hdrs.push([name, f.value])
      i += 2
      continue
    }
    if (w === 'default-errorfiles') continue
    return err(`unsupported option '${w}'`)
  }
  if (o.body !== undefined && o.contentType === undefined) return err(`a body needs a 'content-type'`)
  return ok(o)
}

/** HAProxy 2.6's order (checked on the wire): the `hdr` lines, content-length, content-type. */
function buildReply (o: ReplyOpts, s: StreamView): Reply {
  const headers: string[] = []
  const body = o.body?.render(s) ?? ''
  for (const [n, f] of o.hdrs) headers.push(n, f.render(s))
  headers.push('content-length', String(Buffer.byteLength(body, 'latin1')))
  if (o.contentType !== undefined && o.body !== undefined) headers.push('content-type', o.contentType)
  return { status: o.status, reason: reasonOf(o.status), headers, body }
}

// ---- redirect ---------------------------------------------------------------

function parseRedirect (words: readonly string[]): Result<Run> {
  // The type and its target may come anywhere among the options, as in HAProxy.
  const t = words.findIndex(w => w === 'location' || w === 'prefix' || w === 'scheme')
  if (t < 0) return err(`'redirect' expects 'location', 'prefix' or 'scheme'`)
  const type = words[t] as 'location' | 'prefix' | 'scheme'
  const to = fmt(words[t + 1], `'redirect ${type}'`)
  if (!to.ok) return to
  const args = [type, words[t + 1] as string, ...words.slice(0, t), ...words.slice(t + 2)]
  let code = 302
  let dropQuery = false
  let appendSlash = false
  let ignoreEmpty = false
  const cookies: string[] = []
  for (let i = 2; i < args.length; i++) {
    const w = args[i] as string
    if (w === 'code') { const c = statusArg(args[++i], `'code'`); if (!c.ok) return c; code = c.value; continue }
    if (w === 'drop-query') { dropQuery = true; continue }
    if (w === 'append-slash') { appendSlash = true; continue }
    if (w === 'ignore-empty') { ignoreEmpty = true; continue }
    if (w === 'set-cookie' || w === 'clear-cookie') {
      const c = args[++i]
      if (c === undefined) return err(`'${w}' expects a cookie`)
      cookies.push(w === 'set-cookie' ? `${c.includes('=') ? c : `${c}=`}; path=/` : `${c.includes('=') ? c : `${c}=`}; path=/; Max-Age=0; Expires=Thu, 01-Jan-1970 00:00:01 GMT`)
      continue
    }
    return err(`'redirect' : unsupported option '${w}'`)
  }
  if (![301, 302, 303, 307, 308].includes(code)) return err(`'redirect' : unsupported code ${code}`)
  return ok((m, s) => {
    const { path, query } = splitTarget(m.target)
    const target = to.value.render(s)
    if (ignoreEmpty && target === '') return undefined
    let loc: string
    if (type === 'location') loc = target
    else if (type === 'prefix') loc = target === '/' ? path : `${target}${path}`
    else loc = `${target}://${hostOf(m.headers)}${path}`
    if (appendSlash && !loc.endsWith('/')) loc += '/'
    if (!dropQuery && type !== 'location' && query !== undefined) loc += `?${query}`
    // As HAProxy 2.6 writes it (checked on the wire): content-length, location, cookies.
    const headers = ['content-length', '0', 'location', loc]
    for (const c of cookies) headers.push('set-cookie', c)
    return { kind: 'reply', reply: { status: code, reason: reasonOf(code), headers, body: '' } }
  })
}

function hostOf (headers: readonly string[]): string {
  for (let i = 0; i < headers.length; i += 2) if ((headers[i] as string).toLowerCase() === 'host') return headers[i + 1] as string
  return ''
}

// ---- the table ----------------------------------------------------------------

const BOTH: readonly Phase[] = ['request', 'response']
const REQ: readonly Phase[] = ['request']
const RES: readonly Phase[] = ['response']

function headerAction (kw: string, fn: (headers: string[], name: string, value: string) => void): ActionDef {
  return {
    kw,
    phases: BOTH,
    parse: (args) => {
      const name = args[0]
      const f = fmt(args[1], `'${kw} ${name ?? ''}'`)
      if (name === undefined) return err(`'${kw}' expects a header name and a value`)
      if (!f.ok) return f
      if (args.length > 2) return err(`'${kw}' expects exactly a name and a value, got '${args[2] as string}'`)
      return ok((m, s) => { fn(m.headers, name, f.value.render(s)); return undefined })
    },
  }
}

function replaceAction (kw: 'replace-header' | 'replace-value'): ActionDef {
  return {
    kw,
    phases: BOTH,
    parse: (args) => {
      const name = args[0]
      const re = regex(args[1], `'${kw}'`)
      const f = fmt(args[2], `'${kw}'`)
      if (name === undefined) return err(`'${kw}' expects a name, a regex and a replacement`)
      if (!re.ok) return re
      if (!f.ok) return f
      const anchored = new RegExp(`^(?:${re.value.source})$`)
      const lower = name.toLowerCase()
      return ok((m, s) => {
        const repl = f.value.render(s)
        const h = m.headers
        for (let i = 0; i < h.length; i += 2) {
          if ((h[i] as string).toLowerCase() !== lower) continue
          const v = h[i + 1] as string
          if (kw === 'replace-header') {
            const mm = anchored.exec(v)
            if (mm !== null) h[i + 1] = substitute(mm, repl)
          } else {
            h[i + 1] = v.split(',').map(x => { const t = x.trim(); const mm = anchored.exec(t); return mm === null ? t : substitute(mm, repl) }).join(', ')
          }
        }
        return undefined
      })
    },
  }
}

function targetAction (kw: string, fn: (m: HttpMessage, value: string) => void): ActionDef {
  return {
    kw,
    phases: REQ,
    parse: (args) => {
      const f = fmt(args[0], `'${kw}'`)
      if (!f.ok) return f
      return ok((m, s) => { fn(m, f.value.render(s)); return undefined })
    },
  }
}

function regexTargetAction (kw: 'replace-path' | 'replace-pathq' | 'replace-uri'): ActionDef {
  return {
    kw,
    phases: REQ,
    parse: (args) => {
      const re = regex(args[0], `'${kw}'`)
      const f = fmt(args[1], `'${kw}'`)
      if (!re.ok) return re
      if (!f.ok) return f
      const anchored = new RegExp(`^(?:${re.value.source})$`)
      return ok((m, s) => {
        const { path, query } = splitTarget(m.target)
        const subject = kw === 'replace-path' ? path : m.target
        const mm = anchored.exec(subject)
        if (mm === null) return undefined
        const out = substitute(mm, f.value.render(s))
        m.target = kw === 'replace-path' ? out + (query === undefined ? '' : `?${query}`) : out
        return undefined
      })
    },
  }
}

const ACTIONS: readonly ActionDef[] = [
  { kw: 'allow', phases: BOTH, parse: (args) => args.length > 0 ? err(`'allow' takes no argument`) : ok(() => ({ kind: 'allow' })) },
  {
    kw: 'deny',
    phases: BOTH,
    parse: (args, phase) => {
      const o = parseReplyOpts(args, phase === 'request' ? 403 : 502, 'deny_status')
      if (!o.ok) return o
      const opts = o.value
      if (opts.body === undefined && opts.hdrs.length === 0) return ok(() => ({ kind: 'deny', status: opts.status }))
      return ok((_m, s) => ({ kind: 'reply', reply: buildReply(opts, s) }))
    },
  },
  {
    // 401 with `WWW-Authenticate: Basic realm="..."` (the proxy's name by default).
    kw: 'auth',
    phases: REQ,
    parse: (args) => {
      if (args.length > 0 && (args[0] !== 'realm' || args[1] === undefined || args.length > 2)) return err(`'auth' expects nothing or 'realm <realm>'`)
      const realm = args[1]
      return ok((_m, s) => ({ kind: 'auth', realm: realm ?? s.frontend }))
    },
  },
  {
    // The client waits `timeout tarpit` for its answer (500 unless deny_status says otherwise).
    kw: 'tarpit',
    phases: REQ,
    parse: (args) => {
      const o = parseReplyOpts(args, 500, 'deny_status')
      if (!o.ok) return o
      if (o.value.body !== undefined || o.value.hdrs.length > 0) return err(`'tarpit' with a body or headers is not supported by switchyard yet`)
      const status = o.value.status
      return ok(() => ({ kind: 'tarpit', status }))
    },
  },
  {
    kw: 'return',
    phases: BOTH,
    parse: (args) => {
      const o = parseReplyOpts(args, 200, 'status')
      if (!o.ok) return o
      return ok((_m, s) => ({ kind: 'reply', reply: buildReply(o.value, s) }))
    },
  },
  { kw: 'redirect', phases: BOTH, parse: (args) => parseRedirect(args) },
  headerAction('set-header', (h, name, v) => { removeHeader(h, name.toLowerCase()); h.push(name, v) }),
  headerAction('add-header', (h, name, v) => { h.push(name, v) }),
  {
    kw: 'del-header',
    phases: BOTH,
    parse: (args) => {
      const name = args[0]
      if (name === undefined) return err(`'del-header' expects a header name`)
      if (args.length > 1) return err(`'del-header' : unsupported option '${args[1] as string}'`)
      const lower = name.toLowerCase()
      return ok((m) => { removeHeader(m.headers, lower); return undefined })
    },
  },
  replaceAction('replace-header'),
  replaceAction('replace-value'),
  targetAction('set-path', (m, v) => { const { query } = splitTarget(m.target); m.target = v + (query === undefined ? '' : `?${query}`) }),
  targetAction('set-pathq', (m, v) => { m.target = v }),
  targetAction('set-uri', (m, v) => { m.target = v }),
  targetAction('set-query', (m, v) => { const { path } = splitTarget(m.target); m.target = v === '' ? path : `${path}?${v}` }),
  targetAction('set-method', (m, v) => { m.method = v }),
  regexTargetAction('replace-path'),
  regexTargetAction('replace-pathq'),
  regexTargetAction('replace-uri'),
  {
    kw: 'normalize-uri',
    phases: REQ,
    parse: (args) => {
      const n = normalizer(args[0])
      if (!n.ok) return n
      if (args.length > 1) return err(`'normalize-uri ${args[0] as string}' : option '${args[1] as string}' is not supported by switchyard yet`)
      return ok((m) => { m.target = n.value(m.target); return undefined })
    },
  },
  { kw: 'disable-l7-retry', phases: REQ, parse: (args) => args.length > 0 ? err(`'disable-l7-retry' takes no argument`) : ok((m) => { m.noL7Retry = true; return undefined }) },
  {
    kw: 'early-hint',
    phases: REQ,
    parse: (args) => {
      const name = args[0]
      const f = fmt(args[1], `'early-hint ${name ?? ''}'`)
      if (name === undefined) return err(`'early-hint' expects a header name and a value`)
      if (!f.ok) return f
      return ok((m, s) => { (m.earlyHints ??= []).push(name, f.value.render(s)); return undefined })
    },
  },
  {
    kw: 'set-status',
    phases: RES,
    parse: (args) => {
      const st = statusArg(args[0], `'set-status'`)
      if (!st.ok) return st
      const reason = args[1] === 'reason' ? args[2] : undefined
      if (args[1] === 'reason' && reason === undefined) return err(`'reason' expects a string`)
      return ok((m) => { m.status = st.value; m.reason = reason ?? reasonOf(st.value); return undefined })
    },
  },
]

const VAR_SCOPES = ['proc', 'sess', 'txn', 'req', 'res']

/** `set-var(scope.name)`: the variable's full name, checked. */
function varName (param: string | undefined, kw: string): Result<string> {
  if (param === undefined) return err(`'${kw}' expects a variable name between parentheses`)
  const dot = param.indexOf('.')
  if (dot < 0 || !VAR_SCOPES.includes(param.slice(0, dot)) || dot === param.length - 1) return err(`'${kw}(${param})': a variable name is <scope>.<name> with scope proc, sess, txn, req or res`)
  return ok(param)
}

const VAR_ACTIONS: readonly ActionDef[] = [
  {
    kw: 'set-var',
    phases: BOTH,
    parse: (args, _phase, param) => {
      const name = varName(param, 'set-var')
      if (!name.ok) return name
      const expr = compileExpr(args.join(' '))
      if (args.length === 0) return err(`'set-var(${param ?? ''})' expects a sample expression`)
      if (!expr.ok) return expr
      return ok((_m, s) => { const v = expr.value.eval(s); if (v !== undefined) s.vars?.set(name.value, v); return undefined })
    },
  },
  {
    kw: 'set-var-fmt',
    phases: BOTH,
    parse: (args, _phase, param) => {
      const name = varName(param, 'set-var-fmt')
      if (!name.ok) return name
      const f = fmt(args[0], `'set-var-fmt'`)
      if (!f.ok) return f
      return ok((_m, s) => { s.vars?.set(name.value, f.value.render(s)); return undefined })
    },
  },
  {
    kw: 'unset-var',
    phases: BOTH,
    parse: (args, _phase, param) => {
      const name = varName(param, 'unset-var')
      if (!name.ok) return name
      if (args.length > 0) return err(`'unset-var' takes no argument`)
      return ok((_m, s) => { s.vars?.unset(name.value); return undefined })
    },
  },
]

const byName = new Map([...ACTIONS, ...VAR_ACTIONS].map(a => [a.kw, a]))

export const HTTP_ACTION_NAMES: readonly string[] = [...byName.keys()]

export type RuleError = { readonly ok: false; readonly reason: string; readonly unsupported?: boolean }

/** Compiles one `http-request`/`http-response` line (its words, from the keyword on). */
export function compileHttpRule (words: readonly string[], phase: Phase, acls: AclTable, read?: ReadText): { ok: true; value: HttpRule } | RuleError {
  const word = words[1]
  if (word === undefined) return { ok: false, reason: `'${words[0] ?? ''}' expects an action` }
  // `set-var(txn.x)`: the action's name and its parameter.
  const paren = word.indexOf('(')
  const name = paren < 0 ? word : word.slice(0, paren)
  const param = paren < 0 || !word.endsWith(')') ? undefined : word.slice(paren + 1, -1)
  const def = byName.get(name)
  if (def === undefined || !def.phases.includes(phase)) return { ok: false, reason: `action '${name}' is not supported by switchyard yet`, unsupported: true }
  const ci = words.findIndex(w => w === 'if' || w === 'unless')
  const args = words.slice(2, ci < 0 ? words.length : ci)
  let cond: Condition | undefined
  if (ci >= 0) {
    const c = compileCondition(words[ci] as 'if' | 'unless', words.slice(ci + 1), acls, read)
    if (!c.ok) return { ok: false, reason: c.reason, ...(c.unsupported === true ? { unsupported: true } : {}) }
    cond = c.value
  }
  const run = def.parse(args, phase, param)
  if (!run.ok) return { ok: false, reason: `'${words[0] ?? ''} ${name}' : ${run.reason}` }
  return { ok: true, value: new HttpRule(name, cond, run.value) }
}

/**
 * The proxy keyword `redirect <type> <to> [options] [if|unless ...]` (options in any
 * order, `<to>` a plain string) as the words of the equivalent `http-request redirect`.
 */
export function redirectKeywordAsRule (words: readonly string[]): string[] {
  const ci = words.findIndex(w => w === 'if' || w === 'unless')
  const head = words.slice(1, ci < 0 ? words.length : ci)
  const t = head.findIndex(w => w === 'location' || w === 'prefix' || w === 'scheme')
  const rest = t < 0 ? head : [...head.slice(0, t), ...head.slice(t + 2)]
  const type = t < 0 ? [] : [head[t] as string, (head[t + 1] ?? '').replace(/%/g, '%%')]
  return ['http-request', 'redirect', ...type, ...rest, ...(ci < 0 ? [] : words.slice(ci))]
}

/**
 * Rule keywords kept in order as words for libs/rules to compile:
 * http-request, http-response, http-after-response, tcp-request, tcp-response,
 * stick, redirect, http-check, tcp-check. Here: the action name is checked
 * against HAProxy's list so typos and unknown actions fail at load.
 * HAProxy reference: src/http_rules.c, src/tcp_rules.c, src/stick_table.c
 */
import { defineKeywords, In, type KeywordContext, type KeywordDef, type KeywordResult } from '../keyword.js'
import { HAPROXY_HTTP_REQUEST_ACTIONS, HAPROXY_HTTP_RESPONSE_ACTIONS, HAPROXY_TCP_REQUEST_ACTIONS } from '../haproxy-keywords.js'
import { splitCondition, timeArg } from '../args.js'
import { closest } from '../suggest.js'

/** Strips a `(args)` suffix: `set-var(txn.x)` -> `set-var`, `track-sc0` stays. */
function actionName (word: string): string {
  const p = word.indexOf('(')
  return p < 0 ? word : word.slice(0, p)
}

function checkAction (kw: string, word: string | undefined, known: readonly string[], at: number): KeywordResult {
  if (word === undefined || word === '') return { alert: `'${kw}' expects an action.`, arg: at }
  if (word === 'if' || word === 'unless') return { alert: `'${kw}' expects an action before '${word}'.`, arg: at }
  const name = actionName(word)
  if (known.includes(name)) return undefined
  const hint = closest(name, known)
  return { alert: `'${kw}' : unknown action '${name}'${hint === undefined ? '' : `; did you mean '${hint}' maybe ?`}`, arg: at }
}

function store (ctx: KeywordContext, key: string): void {
  ;(ctx.proxy!.rules[key] ??= []).push({ words: ctx.args, loc: ctx.loc })
}

function actionRule (kw: string, sections: number, known: readonly string[]): KeywordDef {
  return {
    kw,
    sections,
    usage: `${kw} <action> [options...] [ { if | unless } <condition> ]`,
    parse (ctx): KeywordResult {
      const r = checkAction(kw, ctx.args[1], known, 1)
      if (r !== undefined) return r
      const { cond } = splitCondition(ctx.args)
      if (cond !== undefined && cond.words.length === 0) return { alert: `'${kw} ${ctx.args[1]}' : missing condition after '${cond.polarity}'.` }
      store(ctx, kw)
      return undefined
    },
  }
}

const TCP_REQUEST_PHASES = ['connection', 'session', 'content', 'inspect-delay']

function tcpRule (kw: 'tcp-request' | 'tcp-response', phases: readonly string[]): KeywordDef {
  return {
    kw,
    sections: kw === 'tcp-request' ? In.Proxy : In.BE,
    usage: `${kw} { ${phases.join(' | ')} } <action> [options...] [ { if | unless } <condition> ]`,
    parse (ctx): KeywordResult {
      const phase = ctx.args[1]
      if (phase === undefined || !phases.includes(phase)) {
        return { alert: `'${kw}' expects ${phases.map(p => `'${p}'`).join(', ')}, got '${phase ?? ''}'.`, arg: 1 }
      }
      if (phase === 'inspect-delay') {
        const t = timeArg(ctx.args, 2, `${kw} inspect-delay`)
        if (!t.ok) return t.problem
        store(ctx, `${kw} inspect-delay`)
        return undefined
      }
      const r = checkAction(`${kw} ${phase}`, ctx.args[2], HAPROXY_TCP_REQUEST_ACTIONS, 2)
      if (r !== undefined) return r
      store(ctx, `${kw} ${phase}`)
      return undefined
    },
  }
}

const REDIRECT_TYPES = ['location', 'prefix', 'scheme']
const REDIRECT_CODES = ['301', '302', '303', '307', '308']

/** Words come in any order before the condition, as in http_parse_redirect_rule(). */
function parseRedirect (ctx: KeywordContext): KeywordResult {
  const args = ctx.args
  let type: string | undefined
  for (let i = 1; i < args.length; i++) {
    const w = args[i] as string
    if (w === 'if' || w === 'unless') {
      if (args[i + 1] === undefined) return { alert: `'redirect' : missing condition after '${w}'.`, arg: i }
      break
    }
    if (REDIRECT_TYPES.includes(w) || w === 'set-cookie' || w === 'clear-cookie' || w === 'code') {
      const v = args[i + 1]
      if (v === undefined) return { alert: `'redirect' : '${w}' expects an argument.`, arg: i }
      if (w === 'code' && !REDIRECT_CODES.includes(v)) return { alert: `'redirect' : unsupported HTTP code '${v}' (must be one of 301, 302, 303, 307 or 308).`, arg: i + 1 }
      if (REDIRECT_TYPES.includes(w)) type = w
      i++
      continue
    }
    if (w === 'drop-query' || w === 'append-slash' || w === 'ignore-empty') continue
    return { alert: `'redirect' expects 'code', 'prefix', 'location', 'scheme', 'set-cookie', 'clear-cookie', 'drop-query', 'ignore-empty' or 'append-slash' (was '${w}').`, arg: i }
  }
  if (type === undefined) return { alert: `'redirect' : redirection type expected ('prefix', 'location', or 'scheme').` }
  store(ctx, 'redirect')
  return undefined
}

const STICK_VERBS = ['match', 'on', 'store-request', 'store-response']

export const ruleKeywords = defineKeywords([
  actionRule('http-request', In.Proxy, HAPROXY_HTTP_REQUEST_ACTIONS),
  actionRule('http-response', In.Proxy, HAPROXY_HTTP_RESPONSE_ACTIONS),
  actionRule('http-after-response', In.Proxy, HAPROXY_HTTP_RESPONSE_ACTIONS),
  tcpRule('tcp-request', TCP_REQUEST_PHASES),
  tcpRule('tcp-response', ['content', 'inspect-delay']),
  {
    kw: 'stick',
    sections: In.BEOnly,
    usage: 'stick { match | on | store-request | store-response } <pattern> [table <table>] [{if | unless} <cond>]',
    parse (ctx): KeywordResult {
      const verb = ctx.args[1]
      if (verb === undefined || !STICK_VERBS.includes(verb)) return { alert: `'stick' expects 'match', 'on', 'store-request' or 'store-response', got '${verb ?? ''}'.`, arg: 1 }
      if (ctx.args[2] === undefined) return { alert: `'stick ${verb}' expects a fetch method.` }
      store(ctx, 'stick')
      return undefined
    },
  },
  {
    kw: 'redirect',
    sections: In.ProxyOnly,
    usage: 'redirect { location | prefix | scheme } <to> [code <code>] <option> [{if | unless} <condition>]',
    parse: parseRedirect,
  },
  {
    kw: 'http-check',
    sections: In.BE,
    usage: 'http-check { connect | send | expect | send-state | disable-on-404 | comment | set-var | unset-var } ...',
    parse (ctx): KeywordResult {
      const verbs = ['connect', 'send', 'expect', 'send-state', 'disable-on-404', 'comment', 'set-var', 'unset-var']
      const v = ctx.args[1]
      if (v === undefined || !verbs.includes(actionName(v))) return { alert: `'http-check' only supports ${verbs.map(x => `'${x}'`).join(', ')}, got '${v ?? ''}'.`, arg: 1 }
      store(ctx, 'http-check')
      return undefined
    },
  },
  {
    kw: 'tcp-check',
    sections: In.BE,
    usage: 'tcp-check { connect | send | send-binary | send-lf | expect | comment | set-var | unset-var } ...',
    parse (ctx): KeywordResult {
      const verbs = ['connect', 'send', 'send-binary', 'send-lf', 'send-binary-lf', 'expect', 'comment', 'set-var', 'unset-var']
      const v = ctx.args[1]
      if (v === undefined || !verbs.includes(actionName(v))) return { alert: `'tcp-check' only supports ${verbs.map(x => `'${x}'`).join(', ')}, got '${v ?? ''}'.`, arg: 1 }
      store(ctx, 'tcp-check')
      return undefined
    },
  },
])

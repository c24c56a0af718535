/**
 * Config features the data plane parses but does not execute yet. Starting with
 * one of them is refused, naming the line: a rule that silently does nothing
 * (a deny that lets traffic through) is worse than no start.
 * Each entry disappears when the issue that implements it lands.
 */
import type { ConfigModel, Loc, ProxyModel } from '@switchyard/config'
import { AclTables } from './acl-tables.js'
import { compileCondition, compileHttpRule, compileTcpConnectionRule, redirectKeywordAsRule, type AclTable } from '@switchyard/rules'

type Probe = (p: ProxyModel, tables: AclTables) => { what: string; loc: Loc } | undefined

const PROBES: readonly Probe[] = [
  (p, tables) => { const t = tables.of(p); return t.ok ? undefined : { what: `'acl' (${t.reason})`, loc: t.loc } },
  (p, tables) => unsupportedRoute(p, tables),
  (p, tables) => unsupportedRule(p, tables),
  p => p.mode === 'tcp' && p.useServers[0] !== undefined ? { what: `'use-server' in mode tcp`, loc: p.useServers[0].loc } : undefined,
  p => { const l = p.mode === 'http' ? p.rules['tcp-request content']?.[0] : undefined; return l === undefined ? undefined : { what: `'tcp-request content' in mode http`, loc: l.loc } },
  p => p.cookie === undefined || (p.cookie.maxidle === undefined && p.cookie.maxlife === undefined && !p.cookie.dynamic) ? undefined : { what: `'cookie ... maxidle|maxlife|dynamic'`, loc: p.loc },
  p => p.stickTable === undefined ? undefined : { what: `'stick-table'`, loc: p.stickTable.loc },
  p => p.stats.enabled ? { what: `'stats' page`, loc: p.stats.lines[0]?.loc ?? p.loc } : undefined,
  p => { const b = p.binds.find(x => x.options['ssl'] === true); return b === undefined ? undefined : { what: `'bind ... ssl'`, loc: b.loc } },
  p => { const s = p.servers.find(x => x.options['ssl'] === true); return s === undefined ? undefined : { what: `'server ... ssl'`, loc: s.loc } },
]

export function unsupportedFeatures (config: ConfigModel, tables: AclTables = new AclTables()): string[] {
  const out: string[] = []
  for (const ul of config.userlists) {
    const u = ul.users.find(x => !x.insecure && x.password !== '')
    if (u !== undefined) out.push(`parsing [${ul.loc.file}:${ul.loc.line}] : encrypted password of user '${u.name}' in userlist '${ul.name}' is parsed but not checked by this version of switchyard yet (use insecure-password).`)
  }
  for (const p of config.proxies) {
    if (p.disabled) continue
    for (const probe of PROBES) {
      const hit = probe(p, tables)
      if (hit !== undefined) out.push(`parsing [${hit.loc.file}:${hit.loc.line}] : ${hit.what} in ${p.cap} '${p.name}' is parsed but not executed by this version of switchyard yet.`)
    }
  }
  return out
}

/** A `use_backend` condition that does not compile (a fetch switchyard does not evaluate yet). */
function unsupportedRoute (p: ProxyModel, tables: AclTables): { what: string; loc: Loc } | undefined {
  const acls = tables.of(p)
  if (!acls.ok) return undefined
  for (const u of [...p.useBackends, ...p.useServers]) {
    if (u.cond === undefined) continue
    const c = compileCondition(u.cond.polarity, u.cond.words, acls.value)
    if (!c.ok) return { what: `'${'backend' in u ? 'use_backend' : 'use-server'} ... ${u.cond.polarity}' (${c.reason})`, loc: u.loc }
  }
  return undefined
}

type Compiled = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/** The rule kinds the data plane runs, each with the compiler that checks a line. */
const RULE_COMPILERS: Readonly<Record<string, (words: readonly string[], acls: AclTable) => Compiled>> = {
  'http-request': (w, acls) => compileHttpRule(w, 'request', acls),
  'http-response': (w, acls) => compileHttpRule(w, 'response', acls),
  redirect: (w, acls) => compileHttpRule(redirectKeywordAsRule(w), 'request', acls),
  'tcp-request connection': (w, acls) => compileTcpConnectionRule(w, acls),
  'tcp-request content': (w, acls) => compileTcpConnectionRule(w, acls),
  'tcp-request inspect-delay': () => ({ ok: true }),
  'ignore-persist': (w, acls) => compileCondition(w[1] as 'if' | 'unless', w.slice(2), acls),
  'force-persist': (w, acls) => compileCondition(w[1] as 'if' | 'unless', w.slice(2), acls),
}

/** The first rule the data plane cannot run: another kind, or an action or fetch it does not have yet. */
function unsupportedRule (p: ProxyModel, tables: AclTables): { what: string; loc: Loc } | undefined {
  const acls = tables.of(p)
  for (const [key, lines] of Object.entries(p.rules)) {
    const compile = RULE_COMPILERS[key]
    for (const l of lines) {
      const what = `'${l.words.slice(0, 2).join(' ')}'`
      if (compile === undefined || !acls.ok) return { what, loc: l.loc }
      const r = compile(l.words, acls.value)
      if (!r.ok) return { what: `${what} (${r.reason})`, loc: l.loc }
    }
  }
  return undefined
}

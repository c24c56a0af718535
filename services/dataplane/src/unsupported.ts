/**
 * Config features the data plane parses but does not execute yet. Starting with
 * one of them is refused, naming the line: a rule that silently does nothing
 * (a deny that lets traffic through) is worse than no start.
 * Each entry disappears when the issue that implements it lands.
 */
import type { ConfigModel, Loc, ProxyModel } from '@switchyard/config'
import { compileAclTable, compileCondition, compileHttpRule, compileTcpConnectionRule, redirectKeywordAsRule } from '@switchyard/rules'

type Probe = (p: ProxyModel) => { what: string; loc: Loc } | undefined

const PROBES: readonly Probe[] = [
  p => { const t = compileAclTable(p.acls); return t.ok ? undefined : { what: `'acl' (${t.reason})`, loc: t.loc } },
  p => unsupportedRoute(p),
  p => unsupportedRule(p),
  p => p.mode === 'tcp' && p.useServers[0] !== undefined ? { what: `'use-server' in mode tcp`, loc: p.useServers[0].loc } : undefined,
  p => p.cookie === undefined || (p.cookie.maxidle === undefined && p.cookie.maxlife === undefined && !p.cookie.dynamic) ? undefined : { what: `'cookie ... maxidle|maxlife|dynamic'`, loc: p.loc },
  p => p.stickTable === undefined ? undefined : { what: `'stick-table'`, loc: p.stickTable.loc },
  p => p.stats.enabled ? { what: `'stats' page`, loc: p.stats.lines[0]?.loc ?? p.loc } : undefined,
  p => { const b = p.binds.find(x => x.options['ssl'] === true); return b === undefined ? undefined : { what: `'bind ... ssl'`, loc: b.loc } },
  p => { const s = p.servers.find(x => x.options['ssl'] === true); return s === undefined ? undefined : { what: `'server ... ssl'`, loc: s.loc } },
]

export function unsupportedFeatures (config: ConfigModel): string[] {
  const out: string[] = []
  for (const p of config.proxies) {
    if (p.disabled) continue
    for (const probe of PROBES) {
      const hit = probe(p)
      if (hit !== undefined) out.push(`parsing [${hit.loc.file}:${hit.loc.line}] : ${hit.what} in ${p.cap} '${p.name}' is parsed but not executed by this version of switchyard yet.`)
    }
  }
  return out
}

/** A `use_backend` condition that does not compile (a fetch switchyard does not evaluate yet). */
function unsupportedRoute (p: ProxyModel): { what: string; loc: Loc } | undefined {
  const acls = compileAclTable(p.acls)
  if (!acls.ok) return undefined
  for (const u of [...p.useBackends, ...p.useServers]) {
    if (u.cond === undefined) continue
    const c = compileCondition(u.cond.polarity, u.cond.words, acls.value)
    if (!c.ok) return { what: `'${'backend' in u ? 'use_backend' : 'use-server'} ... ${u.cond.polarity}' (${c.reason})`, loc: u.loc }
  }
  return undefined
}

/** Rule kinds the data plane runs, and the phase of each. */
const RUN: Readonly<Record<string, 'request' | 'response'>> = { 'http-request': 'request', 'http-response': 'response' }

/** The first rule the data plane cannot run: another kind, or an action or fetch it does not have yet. */
function unsupportedRule (p: ProxyModel): { what: string; loc: Loc } | undefined {
  const acls = compileAclTable(p.acls)
  for (const [key, lines] of Object.entries(p.rules)) {
    const phase = RUN[key]
    for (const l of lines) {
      if (key === 'ignore-persist' && acls.ok) {
        const c = compileCondition(l.words[1] as 'if' | 'unless', l.words.slice(2), acls.value)
        if (!c.ok) return { what: `'ignore-persist' (${c.reason})`, loc: l.loc }
        continue
      }
      if ((phase === undefined && key !== 'tcp-request connection' && key !== 'redirect') || !acls.ok) return { what: `'${l.words.slice(0, 2).join(' ')}'`, loc: l.loc }
      const r = key === 'redirect'
        ? compileHttpRule(redirectKeywordAsRule(l.words), 'request', acls.value)
        : phase === undefined ? compileTcpConnectionRule(l.words, acls.value) : compileHttpRule(l.words, phase, acls.value)
      if (!r.ok) return { what: `'${l.words.slice(0, 2).join(' ')}' (${r.reason})`, loc: l.loc }
    }
  }
  return undefined
}

/**
 * Cross-checks run once the whole configuration is read: references between
 * proxies, modes, duplicate servers and cookies, missing timeouts.
 * HAProxy reference: src/cfgparse.c check_config_validity(), src/proxy.c proxy_cfg_ensure_no_http()
 */
import type { ConfigDiagnostic } from './diagnostics.js'
import type { ConfigModel, Loc, ProxyModel } from './model.js'
import { findBalance } from '@switchyard/lb'
import { closest } from './suggest.js'

export function checkConfig (config: ConfigModel): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = []
  const backends = new Map(config.proxies.filter(p => p.cap !== 'frontend').map(p => [p.name, p]))
  for (const p of config.proxies) {
    if (p.disabled) continue
    checkReferences(p, backends, out)
    checkServers(p, out)
    checkTimeouts(p, out)
    checkBinds(p, out)
    checkBalance(p, out)
    checkStickTable(p, config, out)
  }
  return out
}

function at (loc: Loc, severity: ConfigDiagnostic['severity'], message: string, hint?: string): ConfigDiagnostic {
  return { severity, file: loc.file, line: loc.line, message, ...(hint === undefined ? {} : { hint }) }
}

function checkReferences (p: ProxyModel, backends: Map<string, ProxyModel>, out: ConfigDiagnostic[]): void {
  if (p.cap === 'backend') return
  const refs: { name: string; loc: Loc; kw: string }[] = p.useBackends
    .filter(u => !u.backend.includes('%['))
    .map(u => ({ name: u.backend, loc: u.loc, kw: 'use_backend' }))
  if (p.defaultBackend !== undefined) refs.push({ name: p.defaultBackend, loc: p.defaultBackendLoc ?? p.loc, kw: 'default_backend' })
  for (const r of refs) {
    const be = backends.get(r.name)
    if (be === undefined) {
      out.push(at(r.loc, 'alert', `Proxy '${p.name}': unable to find required ${r.kw}: '${r.name}'.`, closest(r.name, backends.keys())))
      continue
    }
    if (p.mode === 'http' && be.mode !== 'http') {
      out.push(at(r.loc, 'alert', `Proxy '${p.name}': unable to use proxy '${be.name}' with wrong mode, required: http, has: ${be.mode}.`))
    }
  }
}

function checkServers (p: ProxyModel, out: ConfigDiagnostic[]): void {
  const names = new Map<string, Loc>()
  const cookies = new Map<string, string>()
  const ids = new Map<number, string>()
  for (const s of p.servers) {
    const prev = names.get(s.name)
    if (prev !== undefined) out.push(at(s.loc, 'alert', `'server' : already found a server named '${s.name}' in backend '${p.name}' at ${prev.file}:${prev.line}.`))
    names.set(s.name, s.loc)
    if (s.cookie !== undefined) {
      const other = cookies.get(s.cookie)
      if (other !== undefined && p.cookie !== undefined) out.push(at(s.loc, 'alert', `'server ${s.name}' : cookie value '${s.cookie}' is already used by server '${other}' in backend '${p.name}'.`))
      cookies.set(s.cookie, s.name)
    }
    const idOwner = ids.get(s.id)
    if (idOwner !== undefined) out.push(at(s.loc, 'alert', `'server ${s.name}' : server id ${s.id} is already used by server '${idOwner}' in backend '${p.name}'.`))
    ids.set(s.id, s.name)
  }
  for (const u of p.useServers) {
    if (!names.has(u.server)) out.push(at(u.loc, 'alert', `'use-server' : unable to find server '${u.server}' in backend '${p.name}'.`, closest(u.server, names.keys())))
  }
}

function checkTimeouts (p: ProxyModel, out: ConfigDiagnostic[]): void {
  if (p.mode !== 'http' && p.mode !== 'tcp') return
  const needed: string[] = []
  if (p.cap !== 'backend' && p.timeouts.client === undefined) needed.push('client')
  if (p.cap !== 'frontend' && p.timeouts.connect === undefined) needed.push('connect')
  if (p.cap !== 'frontend' && p.timeouts.server === undefined) needed.push('server')
  if (needed.length === 0) return
  out.push(at(p.loc, 'warning', `missing timeouts for ${p.cap} '${p.name}'.\n   | While not properly invalid, you will certainly encounter various problems\n   | with such a configuration. To fix this, please ensure that all following\n   | timeouts are set to a non-zero value: 'client', 'connect', 'server'.`))
}

function checkBinds (p: ProxyModel, out: ConfigDiagnostic[]): void {
  if (p.cap === 'backend' || p.binds.length > 0) return
  out.push(at(p.loc, 'warning', `${p.cap} '${p.name}' has no 'bind' directive. Please declare it as a backend if this was intended.`))
}

function checkBalance (p: ProxyModel, out: ConfigDiagnostic[]): void {
  if (p.balance === undefined || p.mode === 'http' || p.cap === 'frontend') return
  const def = findBalance(p.balance.algorithm)
  if (def?.httpOnly === true) out.push(at(p.loc, 'warning', `'balance ${p.balance.algorithm}' needs 'mode http' in ${p.cap} '${p.name}'. Falling back to 'balance roundrobin'.`))
}

function checkStickTable (p: ProxyModel, config: ConfigModel, out: ConfigDiagnostic[]): void {
  const t = p.stickTable
  if (t?.peers === undefined) return
  if (!config.peers.some(x => x.name === t.peers)) {
    out.push(at(t.loc, 'alert', `Proxy '${p.name}': unable to find sync peers '${t.peers}'.`, closest(t.peers, config.peers.map(x => x.name))))
  }
}

/**
 * The data plane: builds frontends and backends from a checked config, binds
 * the listeners, and hands each accepted connection to a tcp or http stream.
 * No module-level state: several data planes can live in one process, and a
 * new worker can be built from the same config object.
 * HAProxy reference: src/haproxy.c (startup), src/proxy.c (soft/hard stop)
 */
import type { ProxyState, StreamView } from '@switchyard/types'
import { parseTime, type ConfigModel, type ProxyModel } from '@switchyard/config'
import { acceptConnection, compileCondition, compileLogFormat, compileTcpConnectionRule, type Condition, type TcpRule } from '@switchyard/rules'
import { Backend } from './backend/backend.js'
import { Frontend, type Route } from './frontend.js'
import { AcceptGate } from './listener/listener.js'
import { startTcpStream, inspectClient } from './stream/tcp-stream.js'
import { HttpSession } from './stream/http-session.js'
import { HttpProxyContext, type HttpEvents } from './stream/http-context.js'
import { unsupportedFeatures } from './unsupported.js'
import type { Conn } from './net/conn.js'
import { loadSocketOptions } from './net/sockopt.js'
import { LiveProxyState } from './state.js'
import { AclTables } from './acl-tables.js'
import { Userlist } from './http/userlist.js'
import { DataplaneError, ErrorCode } from './errors.js'

export type DataplaneOptions = {
  /** Operational messages (startup, stop); defaults to stderr in HAProxy's style. */
  readonly log?: (level: 'notice' | 'warning' | 'alert', message: string) => void
}

export type Dataplane = {
  readonly frontends: readonly Frontend[]
  readonly backends: ReadonlyMap<string, Backend>
  start (): Promise<void>
  /** Stop accepting, let in-flight work finish (bounded by hard-stop-after), then resolve. */
  softStop (): Promise<void>
  /** Close everything now. */
  hardStop (): void
  /** Open client connections right now. */
  readonly connections: number
}

export function createDataplane (config: ConfigModel, opts: DataplaneOptions = {}): Dataplane {
  const acls = new AclTables()
  const problems = unsupportedFeatures(config, acls)
  if (problems.length > 0) throw new DataplaneError(ErrorCode.Unsupported, problems.join('\n'))
  return new DataplaneImpl(config, opts, acls)
}

class DataplaneImpl implements Dataplane {
  readonly frontends: Frontend[] = []
  readonly backends = new Map<string, Backend>()
  private readonly gate: AcceptGate
  private readonly http: HttpProxyContext
  private readonly conns = new Set<Conn>()
  private stopping = false
  /** Closes server connections idle longer than the pool keeps them. */
  private readonly purge: NodeJS.Timeout

  constructor (private readonly config: ConfigModel, private readonly opts: DataplaneOptions, acls: AclTables) {
    const g = config.global
    // HAProxy's default global maxconn is derived from ulimit; a plain 4096 here.
    this.gate = new AcceptGate(g.maxconn ?? 0)
    const bufsize = Number(g.tune['tune.bufsize'] ?? 16384)
    const maxrewrite = Number(g.tune['tune.maxrewrite'] ?? Math.min(1024, bufsize / 2))
    this.http = new HttpProxyContext(bufsize, maxrewrite, Number(g.tune['tune.http.maxhdr'] ?? 101), this.httpEvents(), loadSocketOptions())
    const active = config.proxies.filter(p => !p.disabled)
    for (const p of active) {
      if (p.cap === 'backend' || p.cap === 'listen') this.backends.set(p.name, new Backend(p))
      this.http.addProxy(p, acls.require(p))
    }
    for (const p of active) {
      if (p.cap !== 'frontend' && p.cap !== 'listen') continue
      const be = p.cap === 'listen' ? this.backends.get(p.name) : defaultBackend(p, this.backends)
      const gate = this.gate.child(p.maxconn ?? 0)
      const fe = new Frontend(p, gate, be, compileRoutes(p, this.backends, acls), (f, s) => this.accept(f, s))
      fe.monitorFail = compileMonitorFail(p, acls)
      fe.connectionRules = compileTcpRules(p, 'tcp-request connection', acls)
      fe.contentRules = compileTcpRules(p, 'tcp-request content', acls)
      fe.inspectDelay = inspectDelayOf(p)
      this.frontends.push(fe)
    }
    this.http.liveState = new LiveProxyState(this.frontends, this.backends)
    for (const ul of config.userlists) this.http.userlists.set(ul.name, new Userlist(ul))
    const keep = this.http.idleTimeout
    this.purge = setInterval(() => this.purgeIdle(Date.now() - keep), Math.max(100, keep / 5))
    this.purge.unref()
  }

  private purgeIdle (before: number): void {
    for (const be of this.backends.values()) for (const s of be.servers) s.purgeIdle(before)
  }

  get connections (): number { return this.conns.size }

  async start (): Promise<void> {
    const started: Promise<void>[] = []
    for (const fe of this.frontends) for (const l of fe.listeners) started.push(l.start())
    const results = await Promise.allSettled(started)
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed.length > 0) {
      await this.closeListeners()
      throw new DataplaneError(ErrorCode.Listen, failed.map(f => `Starting frontend: ${(f.reason as Error).message}`).join('\n'))
    }
  }

  private accept (fe: Frontend, conn: Conn): void {
    if (this.stopping) { conn.destroy(); return }
    // tcp-request connection reject: closed at once, before it takes a maxconn slot.
    if (fe.connectionRules.length > 0 && !acceptConnection(fe.connectionRules, l4View(fe, conn, this.http.liveState))) { fe.counters.denied++; conn.destroy(); return }
    fe.gate.enter(() => {
      if (conn.destroyed) { fe.gate.leave(); return }
      this.conns.add(conn)
      fe.counters.total++
      if (fe.gate.current > fe.counters.max) fe.counters.max = fe.gate.current
      let left = false
      const leave = (): void => {
        if (left) return
        left = true
        this.conns.delete(conn)
        fe.gate.leave()
      }
      if (fe.mode === 'tcp' && fe.contentRules.length > 0) {
        const view = (payload: Buffer): StreamView => l4View(fe, conn, this.http.liveState, payload)
        inspectClient(fe, conn, view, this.http.limits.maxHead, (payload, ended) => {
          const chosen = fe.pickBackend(view(payload))
          if (chosen === undefined || chosen.mode !== 'tcp') { conn.destroy(); return }
          startTcpStream(fe, chosen, conn, { closed: leave, noServer: () => undefined }, payload, ended)
        }, leave)
        return
      }
      const be = fe.mode === 'tcp' ? fe.pickBackend(l4View(fe, conn, this.http.liveState)) : fe.backend
      if (fe.mode === 'tcp' && be !== undefined && be.mode === 'tcp') {
        startTcpStream(fe, be, conn, { closed: leave, noServer: () => undefined })
        return
      }
      if (fe.mode === 'tcp' && be === undefined) {
        conn.user = { onConnData: () => undefined, onConnEnd: () => undefined, onConnTimeout: () => undefined, onConnClose: leave }
        conn.destroy()
        return
      }
      new HttpSession(this.http, fe, conn, leave)
    })
  }

  softStop (): Promise<void> {
    this.stopping = true
    const hardAfter = this.config.global.hardStopAfter
    return new Promise(resolve => {
      void this.closeListeners().then(() => {
        for (const fe of this.frontends) for (const s of [...fe.sessions]) s.closeIfIdle()
        for (const be of this.backends.values()) be.closeIdle()
        const timer = hardAfter !== undefined ? setTimeout(() => { this.hardStop(); resolve() }, hardAfter) : undefined
        const check = (): void => {
          if (this.conns.size > 0) { setTimeout(check, 50).unref(); return }
          if (timer !== undefined) clearTimeout(timer)
          for (const be of this.backends.values()) be.closeIdle()
          clearInterval(this.purge)
          resolve()
        }
        check()
      })
    })
  }

  hardStop (): void {
    this.stopping = true
    void this.closeListeners()
    for (const s of this.conns) s.destroy()
    for (const be of this.backends.values()) { be.abortQueues(); be.closeIdle() }
    clearInterval(this.purge)
  }

  private async closeListeners (): Promise<void> {
    await Promise.all(this.frontends.flatMap(fe => fe.listeners.map(l => l.close())))
  }

  private httpEvents (): HttpEvents {
    const log = this.opts.log
    return {
      badRequest: () => undefined,
      noServer: (be, err) => { if (err !== undefined && log !== undefined && err.code === ErrorCode.NoServer) log('alert', `backend '${be.name}' has no server available!`) },
      errorSent: () => undefined,
    }
  }
}

function defaultBackend (p: ProxyModel, backends: ReadonlyMap<string, Backend>): Backend | undefined {
  return p.defaultBackend === undefined ? undefined : backends.get(p.defaultBackend)
}

/** Compiles a frontend's `use_backend` rules (the config check already accepted them). */
function compileRoutes (p: ProxyModel, backends: ReadonlyMap<string, Backend>, tables: AclTables): Route[] {
  if (p.useBackends.length === 0) return []
  const acls = tables.require(p)
  return p.useBackends.map(u => {
    const at = `parsing [${u.loc.file}:${u.loc.line}]`
    let cond: Condition | undefined
    if (u.cond !== undefined) {
      const c = compileCondition(u.cond.polarity, u.cond.words, acls)
      if (!c.ok) throw new DataplaneError(ErrorCode.Config, `${at} : ${c.reason}`)
      cond = c.value
    }
    if (u.backend.includes('%[')) {
      const name = compileLogFormat(u.backend)
      if (!name.ok) throw new DataplaneError(ErrorCode.Config, `${at} : ${name.reason}`)
      return { cond, backend: (s: StreamView) => backends.get(name.value.render(s)) }
    }
    const backend = backends.get(u.backend)
    if (backend === undefined) throw new DataplaneError(ErrorCode.Config, `${at} : no such backend '${u.backend}'`)
    return { cond, backend: () => backend }
  })
}

/** What a mode tcp frontend knows when it picks a backend: the connection only (and the proxies). */
function l4View (fe: Frontend, conn: Conn, proxies?: ProxyState, payload?: Buffer): StreamView {
  return {
    proxies,
    payload,
    get src () { return conn.remoteAddress ?? '' },
    get srcPort () { return conn.remotePort ?? 0 },
    get dst () { return conn.localAddress ?? '' },
    get dstPort () { return conn.localPort ?? 0 },
    frontend: fe.name,
    backend: undefined,
    request: undefined,
    response: undefined,
  }
}

/** `monitor fail if|unless COND` lines (the config check accepted them). */
function compileMonitorFail (p: ProxyModel, tables: AclTables): Condition[] {
  const lines = p.other.filter(l => l.words[0] === 'monitor' && l.words[1] === 'fail')
  if (lines.length === 0) return []
  const acls = tables.require(p)
  return lines.map(l => {
    const pol = l.words[2]
    const c = pol === 'if' || pol === 'unless' ? compileCondition(pol, l.words.slice(3), acls) : undefined
    if (c === undefined || !c.ok) throw new DataplaneError(ErrorCode.Config, `parsing [${l.loc.file}:${l.loc.line}] : 'monitor fail' ${c === undefined ? "expects 'if' or 'unless'" : c.reason}`)
    return c.value
  })
}

/** `tcp-request inspect-delay` (the last one wins), in ms. */
function inspectDelayOf (p: ProxyModel): number {
  const lines = p.rules['tcp-request inspect-delay'] ?? []
  const last = lines[lines.length - 1]?.words[2]
  if (last === undefined) return 0
  const t = parseTime(last)
  return t.ok ? t.value : 0
}

/** `tcp-request connection|content` lines (unsupported.ts has refused those that do not compile). */
function compileTcpRules (p: ProxyModel, key: 'tcp-request connection' | 'tcp-request content', tables: AclTables): TcpRule[] {
  const lines = p.rules[key] ?? []
  if (lines.length === 0) return []
  const acls = tables.require(p)
  return lines.map(l => {
    const r = compileTcpConnectionRule(l.words, acls)
    if (!r.ok) throw new DataplaneError(ErrorCode.Config, `parsing [${l.loc.file}:${l.loc.line}] : ${r.reason}`)
    return r.value
  })
}

/**
 * A frontend at runtime (a `frontend`, or the front half of a `listen`): its
 * listeners, its connection gate, and where its traffic goes.
 * HAProxy reference: include/haproxy/proxy-t.h struct proxy (PR_CAP_FE)
 */
import type { ProxyModel } from '@switchyard/config'
import { Listener, AcceptGate, expandBind } from './listener/listener.js'
import type { StreamView } from '@switchyard/types'
import type { Condition, TcpRule } from '@switchyard/rules'
import type { Backend } from './backend/backend.js'
import type { Conn } from './net/conn.js'

export type FrontendCounters = {
  /** Connections accepted, and the highest number open at once. */
  total: number
  max: number
  /** Requests received (http), invalid requests, and denied/failed ones. */
  requests: number
  badRequests: number
  /** Connections closed by `tcp-request connection reject`. */
  denied: number
}

/**
 * A `use_backend` rule: when the condition holds (always, without one), its backend;
 * `backend` gives undefined for a dynamic name (`%[...]`) that names no backend, and
 * the next rule is tried, as in HAProxy.
 */
export type Route = { readonly cond: Condition | undefined; readonly backend: (s: StreamView) => Backend | undefined }

export class Frontend {
  readonly name: string
  readonly listeners: Listener[] = []
  readonly counters: FrontendCounters = { total: 0, max: 0, requests: 0, badRequests: 0, denied: 0 }
  /** Open client connections, so a stop can find and close the idle ones. */
  readonly sessions = new Set<{ closeIfIdle: () => void }>()
  /** `monitor-uri`: requests for it are answered by the proxy (200, or 503 when a `monitor fail` condition holds). */
  monitorUri: string | undefined
  monitorFail: readonly Condition[] = []
  /** `tcp-request connection` rules, run on each accepted connection. */
  connectionRules: readonly TcpRule[] = []
  /** `tcp-request content` rules (mode tcp), and how long they may wait for data. */
  contentRules: readonly TcpRule[] = []
  inspectDelay = 0
  /** Read per request: plain fields, not a lookup by name. */
  readonly httpRequestTimeout: number
  readonly keepAliveTimeout: number

  constructor (
    readonly model: ProxyModel,
    readonly gate: AcceptGate,
    /** `default_backend` (for a listen section, itself). */
    readonly backend: Backend | undefined,
    /** `use_backend` rules in order; the first that matches wins, else `backend`. */
    readonly routes: readonly Route[],
    onConnection: (fe: Frontend, conn: Conn) => void,
  ) {
    this.name = model.name
    this.monitorUri = model.other.find(l => l.words[0] === 'monitor-uri')?.words[1]
    this.httpRequestTimeout = model.timeouts['http-request'] ?? 0
    this.keepAliveTimeout = model.timeouts['http-keep-alive'] ?? 0
    const backlog = model.backlog ?? model.maxconn ?? 1024
    for (const bind of model.binds) {
      for (const { address, port } of expandBind(bind)) {
        const b = typeof bind.options['backlog'] === 'number' ? bind.options['backlog'] : backlog
        this.listeners.push(new Listener({ bind, address, port, backlog: b, onConnection: (s) => onConnection(this, s) }))
      }
    }
  }

  get mode (): ProxyModel['mode'] { return this.model.mode }

  /** HAProxy's backend switching: use_backend rules in order, then default_backend. */
  pickBackend (s: StreamView): Backend | undefined {
    for (const r of this.routes) {
      if (r.cond !== undefined && !r.cond.test(s)) continue
      const be = r.backend(s)
      if (be !== undefined) return be
    }
    return this.backend
  }

  timeout (name: 'client' | 'http-request' | 'http-keep-alive' | 'tunnel' | 'client-fin'): number {
    return this.model.timeouts[name] ?? 0
  }
}

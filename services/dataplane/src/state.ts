/**
 * The proxies' live state as rules see it (nbsrv, be_conn, queue, connslots,
 * srv_is_up, fe_conn): read from the data plane's own frontends and backends.
 * HAProxy reference: src/backend.c smp_fetch_nbsrv(), smp_fetch_connslots()
 */
import type { ProxyState } from '@switchyard/types'
import type { Backend } from './backend/backend.js'
import type { Frontend } from './frontend.js'

export class LiveProxyState implements ProxyState {
  constructor (private readonly frontends: readonly Frontend[], private readonly backends: ReadonlyMap<string, Backend>) {}

  usableServers (backend: string): number | undefined {
    const be = this.backends.get(backend)
    if (be === undefined) return undefined
    const active = be.activeServers()
    if (active > 0) return active
    let backups = 0
    for (const s of be.servers) if (s.slot.usable && s.slot.backup) backups++
    return backups
  }

  backendConns (backend: string): number | undefined {
    const be = this.backends.get(backend)
    if (be === undefined) return undefined
    let n = 0
    for (const s of be.servers) n += s.slot.active
    return n
  }

  queued (backend: string): number | undefined {
    const be = this.backends.get(backend)
    if (be === undefined) return undefined
    let n = be.queue.length
    for (const s of be.servers) n += s.queue.length
    return n
  }

  connSlots (backend: string): number | undefined {
    const be = this.backends.get(backend)
    if (be === undefined) return undefined
    let n = 0
    for (const s of be.servers) {
      if (!s.slot.usable) continue
      if (s.slot.maxconn <= 0) return -1
      n += Math.max(0, s.slot.maxconn - s.slot.active)
      if (s.maxqueue > 0) n += Math.max(0, s.maxqueue - s.queue.length)
    }
    return n
  }

  serverUp (backend: string, server: string): boolean | undefined {
    return this.backends.get(backend)?.byName.get(server)?.slot.usable
  }

  frontendConns (frontend: string): number | undefined {
    return this.frontends.find(f => f.name === frontend)?.gate.current
  }
}

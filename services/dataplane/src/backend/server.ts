/**
 * A server at runtime: its balancer slot, live counters, its own queue, and the
 * pool of idle keep-alive connections to it.
 * Owns: connection slots (maxconn) and idle connections. Does not own: selection.
 * HAProxy reference: include/haproxy/server-t.h struct server, src/queue.c
 */
import type { ServerModel } from '@switchyard/config'
import type { ServerSlot } from '@switchyard/lb'
import type { Address } from '@switchyard/types'
import { Queue, type Pending } from './queue.js'
import type { ServerConn } from './server-conn.js'

export type ServerCounters = {
  /** Total streams (connections in tcp mode, requests in http mode) sent to it. */
  total: number
  /** Connection attempts that failed. */
  connectErrors: number
  /** Responses that were invalid, truncated or timed out. */
  responseErrors: number
  retries: number
  redispatches: number
  /** New server-side connections opened, and requests sent over a reused one. */
  connects: number
  reuses: number
  bytesIn: number
  bytesOut: number
}

export class Server {
  readonly name: string
  readonly address: Address
  readonly slot: ServerSlot
  readonly queue = new Queue()
  readonly maxqueue: number
  readonly cookie: string | undefined
  readonly counters: ServerCounters = {
    total: 0, connectErrors: 0, responseErrors: 0, retries: 0, redispatches: 0, connects: 0, reuses: 0, bytesIn: 0, bytesOut: 0,
  }

  /** Idle keep-alive connections, most recently used last (reused LIFO, as HAProxy). */
  readonly idle: ServerConn[] = []

  constructor (readonly model: ServerModel, readonly backendName: string) {
    this.name = model.name
    this.address = model.address
    this.maxqueue = model.maxqueue
    this.cookie = model.cookie
    this.slot = {
      id: model.id,
      name: model.name,
      weight: model.weight,
      backup: model.backup,
      usable: !model.disabled,
      active: 0,
      maxconn: model.maxconn,
    }
  }

  get full (): boolean {
    return this.slot.maxconn > 0 && this.slot.active >= this.slot.maxconn
  }

  /** Whether a request may wait in this server's own queue. */
  canQueue (): boolean {
    return this.maxqueue === 0 || this.queue.length < this.maxqueue
  }

  /** Takes the most recent idle connection that is still open and has served at least `minUses` responses. */
  takeIdle (minUses = 0): ServerConn | undefined {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const c = this.idle[i] as ServerConn
      if (!c.open) { this.idle.splice(i, 1); c.close(); continue }
      if (c.uses < minUses) continue
      this.idle.splice(i, 1)
      c.idleSince = 0
      return c
    }
    return undefined
  }

  /** Hands back a finished keep-alive connection; beyond `limit` idle ones it is closed. */
  putIdle (c: ServerConn, limit: number, now: number): void {
    if (this.idle.length >= limit) { c.close(); return }
    c.idleSince = now
    this.idle.push(c)
  }

  dropIdle (c: ServerConn): void {
    const i = this.idle.lastIndexOf(c)
    if (i >= 0) this.idle.splice(i, 1)
  }

  /** Closes connections idle since before `before` (HAProxy's pool-purge-delay). */
  purgeIdle (before: number): void {
    while (this.idle.length > 0 && (this.idle[0] as ServerConn).idleSince < before) (this.idle.shift() as ServerConn).close()
  }

  closeIdle (): void {
    for (const c of this.idle.splice(0)) c.close()
  }

  /** Pending requests are served by the first server that frees a slot. */
  takePending (): Pending | undefined {
    return this.queue.shift()
  }
}

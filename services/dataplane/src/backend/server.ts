/**
 * A server at runtime: its balancer slot, live counters, its own queue, and the
 * pool of idle keep-alive connections to it.
 * Owns: connection slots (maxconn) and idle connections. Does not own: selection.
 * HAProxy reference: include/haproxy/server-t.h struct server, src/queue.c
 */
import type { Socket } from 'node:net'
import type { ServerModel } from '@switchyard/config'
import type { ServerSlot } from '@switchyard/lb'
import type { Address } from '@switchyard/types'
import { Queue, type Pending } from './queue.js'

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
  readonly idle: Socket[] = []

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

  /** Takes an idle connection that is still open, if any. */
  takeIdle (): Socket | undefined {
    for (;;) {
      const s = this.idle.pop()
      if (s === undefined) return undefined
      if (!s.destroyed && s.readyState === 'open') return s
    }
  }

  /** Hands back a finished keep-alive connection. */
  putIdle (s: Socket, limit: number): void {
    if (this.idle.length >= limit) { s.destroy(); return }
    this.idle.push(s)
  }

  dropIdle (s: Socket): void {
    const i = this.idle.indexOf(s)
    if (i >= 0) this.idle.splice(i, 1)
  }

  closeIdle (): void {
    for (const s of this.idle.splice(0)) s.destroy()
  }

  /** Pending requests are served by the first server that frees a slot. */
  takePending (): Pending | undefined {
    return this.queue.shift()
  }
}

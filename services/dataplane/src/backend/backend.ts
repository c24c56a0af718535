/**
 * A backend at runtime: its servers, its balancer (from libs/lb), the backend
 * queue, and slot accounting. Streams ask for a server with acquire() and give
 * the slot back with release(); a freed slot goes to the oldest waiting request.
 * HAProxy reference: src/backend.c assign_server(), src/queue.c
 */
import { CookiePersistence } from '../http/cookie.js'
import { findBalance, DEFAULT_HASH, type Balancer, type HashOptions, type PickInput, type ServerSlot } from '@switchyard/lb'
import type { ProxyModel, TimeoutName } from '@switchyard/config'
import { Server } from './server.js'
import { Queue, type Pending } from './queue.js'
import { DataplaneError, ErrorCode } from '../errors.js'

export type AcquireCallback = (err: DataplaneError | undefined, server: Server | undefined, queuedMs: number) => void

export type BackendCounters = {
  total: number
  /** Requests answered 503 because no server was usable or the queue timed out. */
  noServer: number
  queueTimeouts: number
  maxQueue: number
}

export class Backend {
  readonly name: string
  readonly servers: Server[]
  /** `cookie` persistence, when the backend has it. */
  readonly cookie: CookiePersistence | undefined
  readonly byName: ReadonlyMap<string, Server>
  readonly queue = new Queue()
  readonly counters: BackendCounters = { total: 0, noServer: 0, queueTimeouts: 0, maxQueue: 0 }
  private readonly balancer: Balancer
  private readonly bySlot: ReadonlyMap<ServerSlot, Server>
  /** The algorithm picks servers in turn (HAProxy's BE_LB_KIND_RR): roundrobin, static-rr, random. */
  readonly roundRobinKind: boolean

  constructor (readonly model: ProxyModel) {
    this.name = model.name
    this.servers = model.servers.map(s => new Server(s, model.name))
    this.cookie = model.cookie === undefined ? undefined : new CookiePersistence(model.cookie, this.servers)
    this.byName = new Map(this.servers.map(s => [s.name, s]))
    this.bySlot = new Map(this.servers.map(s => [s.slot, s]))
    this.balancer = createBalancer(model, this.servers)
    const a = model.balance?.algorithm ?? 'roundrobin'
    this.roundRobinKind = a === 'roundrobin' || a === 'static-rr' || a.startsWith('random')
  }

  get mode (): ProxyModel['mode'] { return this.model.mode }

  /** Usable non-backup servers with a weight (HAProxy's srv_act). */
  activeServers (): number {
    let n = 0
    for (const s of this.servers) if (s.slot.usable && !s.slot.backup && s.slot.weight > 0) n++
    return n
  }

  timeout (name: TimeoutName): number {
    return this.model.timeouts[name] ?? 0
  }

  /** `timeout queue` defaults to `timeout connect`, as in HAProxy. */
  get queueTimeout (): number {
    return this.model.timeouts.queue ?? this.model.timeouts.connect ?? 0
  }

  hasUsableServer (): boolean {
    for (const s of this.servers) if (s.slot.usable && s.slot.weight > 0) return true
    // Backup servers and weight-0 servers still serve persistent traffic and backup duty.
    for (const s of this.servers) if (s.slot.usable && s.slot.backup) return true
    return false
  }

  /**
   * Finds a server for one stream: `preferred` (persistence) if it can take it,
   * else the balancer's choice, else a place in a queue. Calls back exactly once.
   */
  acquire (input: PickInput, preferred: Server | undefined, avoid: Server | undefined, cb: AcquireCallback): void {
    const server = this.acquireNow(input, preferred, avoid)
    if (server !== undefined) { cb(undefined, server, 0); return }
    this.acquireLater(preferred, cb)
  }

  /**
   * The synchronous half of acquire(), for the request path: a server whose slot is
   * now reserved, or undefined, and then the caller must call acquireLater().
   */
  acquireNow (input: PickInput, preferred: Server | undefined, avoid: Server | undefined): Server | undefined {
    this.counters.total++
    if (preferred !== undefined && preferred.slot.usable) {
      if (!preferred.full) { this.reserve(preferred); return preferred }
      if (preferred.canQueue()) return undefined
    }
    const picked = this.balancer.pick(input, avoid?.slot)
    if (picked === undefined) return undefined
    const server = this.bySlot.get(picked) as Server
    if (server.full) return undefined
    this.reserve(server)
    return server
  }

  /**
   * `option persist` / `force-persist`: takes a slot on a server that is down or
   * disabled because the client's persistence cookie names it. False when it is full.
   */
  acquireForced (server: Server): boolean {
    if (server.full) return false
    this.counters.total++
    this.reserve(server)
    return true
  }

  /** After acquireNow() found no free slot: waits in a queue, or fails when no server is usable. */
  acquireLater (preferred: Server | undefined, cb: AcquireCallback): void {
    if (preferred !== undefined && preferred.slot.usable && preferred.full && preferred.canQueue()) {
      this.wait(preferred.queue, preferred, cb)
      return
    }
    if (!this.hasUsableServer()) {
      this.counters.noServer++
      cb(new DataplaneError(ErrorCode.NoServer, `no server available in backend '${this.name}'`), undefined, 0)
      return
    }
    this.wait(this.queue, undefined, cb)
  }

  /** Gives a slot back and hands it to the oldest request waiting for it. */
  release (server: Server): void {
    server.slot.active--
    this.balancer.dropConn?.(server.slot)
    if (!server.slot.usable) return
    const next = server.takePending() ?? this.queue.shift()
    if (next === undefined) return
    this.grant(next, server)
  }

  /** Re-runs queue assignment after a server came up or its weight changed. */
  serverChanged (server: Server): void {
    this.balancer.update?.(server.slot)
    while (server.slot.usable && !server.full) {
      const next = server.takePending() ?? this.queue.shift()
      if (next === undefined) return
      this.grant(next, server)
    }
  }

  /** Fails every waiting request (stopping). */
  abortQueues (): void {
    for (const p of this.queue.drain()) this.expire(p)
    for (const s of this.servers) for (const p of s.queue.drain()) this.expire(p)
  }

  closeIdle (): void {
    for (const s of this.servers) s.closeIdle()
  }

  private reserve (server: Server): void {
    server.slot.active++
    server.counters.total++
    this.balancer.takeConn?.(server.slot)
  }

  private grant (p: Pending, server: Server): void {
    p.done = true
    if (p.timer !== undefined) clearTimeout(p.timer)
    this.reserve(server)
    p.grant(server)
  }

  private expire (p: Pending): void {
    if (p.done) return
    p.done = true
    if (p.timer !== undefined) clearTimeout(p.timer)
    p.expire()
  }

  private wait (queue: Queue, server: Server | undefined, cb: AcquireCallback): void {
    const queuedAt = Date.now()
    const p: Pending = {
      server,
      queuedAt,
      done: false,
      timer: undefined,
      grant: (s) => cb(undefined, s, Date.now() - queuedAt),
      expire: () => {
        this.counters.queueTimeouts++
        cb(new DataplaneError(ErrorCode.QueueTimeout, `queue timeout in backend '${this.name}'`), undefined, Date.now() - queuedAt)
      },
    }
    const ms = this.queueTimeout
    if (ms > 0) {
      p.timer = setTimeout(() => {
        // expire() first: remove() marks the entry done, and expire() skips done entries.
        this.expire(p)
        queue.remove(p)
      }, ms)
    }
    queue.push(p)
    const waiting = this.queue.length + this.servers.reduce((n, s) => n + s.queue.length, 0)
    if (waiting > this.counters.maxQueue) this.counters.maxQueue = waiting
  }

}

function createBalancer (model: ProxyModel, servers: readonly Server[]): Balancer {
  let def = findBalance(model.balance?.algorithm ?? 'roundrobin')
  // HTTP-only algorithms fall back to roundrobin in tcp backends, as HAProxy does.
  if (def === undefined || (def.httpOnly && model.mode !== 'http')) def = findBalance('roundrobin')
  if (def === undefined) throw new Error('roundrobin balance algorithm is missing from libs/lb')
  const parsed = def.parseArgs(model.balance?.args ?? [])
  const args = parsed.ok ? { ...parsed.value, allbackups: model.options['allbackups']?.enabled === true } : {}
  return def.create(servers.map(s => s.slot), args, hashOptions(model))
}

function hashOptions (model: ProxyModel): HashOptions {
  const h = model.hashType
  if (h === undefined) return DEFAULT_HASH
  return {
    method: h.method === 'consistent' ? 'consistent' : 'map-based',
    fn: h.fn as HashOptions['fn'],
    avalanche: h.modifier === 'avalanche',
  }
}

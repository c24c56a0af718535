/**
 * Listeners: one net.Server per bind address (IPv4, IPv6, unix socket with
 * mode/user/group, inherited `fd@N`, every port of a range), and the accept gate
 * that enforces global and frontend `maxconn`: connections beyond the limit wait
 * (paused, unread) instead of being reset, and are served as slots free up.
 * HAProxy reference: src/listener.c listener_accept(), src/proto_tcp.c, src/proto_uxst.c
 */
import { createServer, type Server as NetServer } from 'node:net'
import { chmodSync, chownSync, unlinkSync, lstatSync } from 'node:fs'
import { userInfo } from 'node:os'
import type { Address } from '@switchyard/types'
import type { BindModel } from '@switchyard/config'
import { DataplaneError, ErrorCode } from '../errors.js'
import { Conn } from '../net/conn.js'
import type { ListenHandle } from '../net/handles.js'

/** Counts live connections against a limit; extra connections wait their turn. */
export class AcceptGate {
  current = 0
  private readonly waiting: (() => void)[] = []

  constructor (public limit: number, private readonly parent?: AcceptGate) {}

  /** Runs `admit` now if below the limit (here and in the parent), else when a slot frees. */
  enter (admit: () => void): void {
    if (this.hasRoom()) { this.take(); admit(); return }
    this.waiting.push(admit)
  }

  leave (): void {
    this.current--
    this.parent?.leave()
    this.drain()
    this.parent?.drainChildren()
  }

  get queued (): number { return this.waiting.length }

  private readonly children: AcceptGate[] = []
  child (limit: number): AcceptGate {
    const g = new AcceptGate(limit, this)
    this.children.push(g)
    return g
  }

  private hasRoom (): boolean {
    return (this.limit <= 0 || this.current < this.limit) && (this.parent === undefined || this.parent.hasRoomSelf())
  }

  private hasRoomSelf (): boolean { return this.limit <= 0 || this.current < this.limit }

  private take (): void {
    this.current++
    if (this.parent !== undefined) this.parent.current++
  }

  private drain (): void {
    while (this.waiting.length > 0 && this.hasRoom()) {
      const admit = this.waiting.shift() as () => void
      this.take()
      admit()
    }
  }

  private drainChildren (): void {
    for (const c of this.children) c.drain()
  }
}

export type ListenerOptions = {
  readonly bind: BindModel
  readonly address: Address
  /** One port of the address's range. */
  readonly port: number
  readonly backlog: number
  readonly onConnection: (conn: Conn) => void
}

/**
 * One listening socket. net.Server binds and listens (addresses, unix socket
 * files, inherited fds); accepted connections are taken from its handle as they
 * come and wrapped in a Conn, not a net.Socket (see net/conn.ts). They are not
 * read until the session starts them, so the accept gate can hold them.
 */
export class Listener {
  readonly server: NetServer
  private listening = false

  constructor (private readonly opts: ListenerOptions) {
    this.server = createServer()
  }

  get label (): string {
    const a = this.opts.address
    if (a.kind === 'unix') return a.path
    if (a.kind === 'fd') return `fd@${a.fd}`
    return `${a.family === 'ipv6' ? `[${a.host}]` : a.host}:${this.opts.port}`
  }

  /** The bound port (useful when the config asked for port 0). */
  get boundPort (): number | undefined {
    const a = this.server.address()
    return typeof a === 'object' && a !== null ? a.port : undefined
  }

  start (): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        reject(new DataplaneError(ErrorCode.Listen, `cannot bind socket (${e.code ?? e.message}) for [${this.label}]`, { cause: e }))
      }
      this.server.once('error', onError)
      const done = (): void => {
        this.server.removeListener('error', onError)
        this.listening = true
        takeConnections(this.server, this.opts.onConnection)
        try { this.applyUnixOptions() } catch (e) { reject(e); return }
        resolve()
      }
      const a = this.opts.address
      if (a.kind === 'fd') { this.server.listen({ fd: a.fd }, done); return }
      if (a.kind === 'unix') {
        if (a.abstract !== true) removeStaleSocket(a.path)
        this.server.listen({ path: a.abstract === true ? `\0${a.path}` : a.path, backlog: this.opts.backlog }, done)
        return
      }
      const ipv6Only = this.opts.bind.options['v6only'] === true
      this.server.listen({ host: a.host, port: this.opts.port, backlog: this.opts.backlog, ipv6Only }, done)
    })
  }

  /** Stops accepting; connections already accepted are left alone. */
  close (): Promise<void> {
    if (!this.listening) return Promise.resolve()
    this.listening = false
    return new Promise(resolve => this.server.close(() => resolve()))
  }

  private applyUnixOptions (): void {
    const a = this.opts.address
    if (a.kind !== 'unix' || a.abstract === true) return
    const o = this.opts.bind.options
    if (typeof o['mode'] === 'string') chmodSync(a.path, parseInt(o['mode'], 8))
    const uid = idOption(o['uid'] ?? o['user'], 'uid')
    const gid = idOption(o['gid'] ?? o['group'], 'gid')
    if (uid !== undefined || gid !== undefined) chownSync(a.path, uid ?? -1, gid ?? -1)
  }
}

/**
 * Replaces a listening net.Server's accept callback: accepted handles become Conns,
 * not net.Sockets. Call it in the listen callback, before a connection can arrive.
 */
export function takeConnections (server: NetServer, onConnection: (conn: Conn) => void): void {
  const handle = (server as unknown as { _handle: ListenHandle | null })._handle
  if (handle === null) return
  handle.onconnection = (err, client) => {
    if (err !== 0 || client === undefined) return
    // TCP only (a unix socket handle has no Nagle to turn off).
    if (client.setNoDelay !== undefined) client.setNoDelay(true)
    onConnection(new Conn(client))
  }
}

/** Numeric ids are used as is; names are resolved for the current user only (no getpwnam in Node). */
function idOption (v: string | number | boolean | string[] | undefined, kind: 'uid' | 'gid'): number | undefined {
  if (v === undefined || typeof v === 'boolean' || Array.isArray(v)) return undefined
  if (typeof v === 'number' || /^\d+$/.test(v)) return Number(v)
  const me = userInfo()
  if (v === me.username) return kind === 'uid' ? me.uid : me.gid
  throw new DataplaneError(ErrorCode.Listen, `cannot resolve ${kind === 'uid' ? 'user' : 'group'} '${v}' for a unix socket: use a numeric id`)
}

/** A socket file left by a previous run would make bind fail; haproxy replaces it too. */
function removeStaleSocket (path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path)
  } catch { /* absent: nothing to do */ }
}

/** Every (address, port) a bind line listens on. */
export function expandBind (bind: BindModel): { address: Address; port: number }[] {
  const out: { address: Address; port: number }[] = []
  for (const a of bind.addresses) {
    if (a.kind !== 'inet') { out.push({ address: a, port: 0 }); continue }
    for (let p = a.portLow; p <= a.portHigh; p++) out.push({ address: a, port: p })
  }
  return out
}

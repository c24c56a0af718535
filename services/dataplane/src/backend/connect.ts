/**
 * Opening a connection to a server, with `timeout connect`, and the retry loop:
 * `retries` attempts, a turn-around of MIN(1 s, timeout connect) before retrying the same server, and
 * `option redispatch` moving the last retry (or every Nth) to another server.
 * HAProxy reference: src/backend.c connect_server(), src/stream.c back_handle_st_cer()
 */
import { connect as netConnect, type OnReadOpts, type Socket } from 'node:net'
import type { Address } from '@switchyard/types'
import type { PickInput } from '@switchyard/lb'
import type { Backend } from './backend.js'
import type { Server } from './server.js'
import { DataplaneError, ErrorCode } from '../errors.js'

/** Delay before retrying the same server, HAProxy's turn-around timer (capped by `timeout connect`). */
export const TURNAROUND_MS = 1000

export type ConnectOptions = {
  readonly address: Address
  /** Client's destination port, for servers without a port or with a port offset. */
  readonly clientPort: number
  readonly timeoutMs: number
  /** Reads go to a fixed buffer and a callback instead of 'data' events (stream/relay.ts). */
  readonly onread?: OnReadOpts
}

export function connectTo (opts: ConnectOptions, cb: (err: DataplaneError | undefined, socket: Socket | undefined) => void): Socket {
  const a = opts.address
  const socket = a.kind === 'unix'
    ? netConnect({ path: a.path, allowHalfOpen: true, onread: opts.onread })
    : netConnect({ host: a.kind === 'inet' ? a.host : '127.0.0.1', port: inetPort(opts), allowHalfOpen: true, noDelay: true, onread: opts.onread })
  let done = false
  const finish = (err: DataplaneError | undefined): void => {
    if (done) return
    done = true
    if (timer !== undefined) clearTimeout(timer)
    socket.removeListener('connect', onConnect)
    socket.removeListener('error', onError)
    if (err !== undefined) socket.destroy()
    cb(err, err === undefined ? socket : undefined)
  }
  const onConnect = (): void => finish(undefined)
  const onError = (e: NodeJS.ErrnoException): void => finish(new DataplaneError(ErrorCode.ConnectFailed, `connection to ${describe(a)} failed: ${e.code ?? e.message}`, { cause: e }))
  const timer = opts.timeoutMs > 0
    ? setTimeout(() => finish(new DataplaneError(ErrorCode.ConnectTimeout, `connection to ${describe(a)} timed out`)), opts.timeoutMs)
    : undefined
  socket.once('connect', onConnect)
  socket.once('error', onError)
  return socket
}

function inetPort (opts: ConnectOptions): number {
  const a = opts.address
  if (a.kind !== 'inet') return 0
  if (a.noPort === true) return opts.clientPort
  if (a.portOffset === true) return opts.clientPort + a.portLow
  return a.portLow
}

function describe (a: Address): string {
  if (a.kind === 'unix') return a.path
  if (a.kind === 'fd') return `fd@${a.fd}`
  return a.family === 'ipv6' ? `[${a.host}]:${a.portLow}` : `${a.host}:${a.portLow}`
}

export type ConnectResult = {
  readonly server: Server
  readonly socket: Socket
  /** Attempts beyond the first, and whether the server changed on the way. */
  readonly retries: number
  readonly redispatched: boolean
  readonly queuedMs: number
  readonly connectMs: number
}

export type StreamConnectOptions = {
  readonly backend: Backend
  readonly input: PickInput
  readonly preferred: Server | undefined
  /** A server whose slot the caller already holds: the first attempt goes there. */
  readonly acquired?: Server
  readonly clientPort: number
  readonly onread?: OnReadOpts
  /** Overrides `retries` (0 when `retry-on` leaves out conn-failure). */
  readonly maxRetries?: number
  /** Give up early (client went away). */
  readonly aborted: () => boolean
}

/**
 * Acquires a server slot and connects, retrying on connect failure. On success the
 * caller owns the slot and must call backend.release(server) exactly once.
 */
export function connectWithRetries (o: StreamConnectOptions, cb: (err: DataplaneError | undefined, r: ConnectResult | undefined, server: Server | undefined) => void): void {
  const be = o.backend
  const maxRetries = o.maxRetries ?? be.model.retries
  let attempt = 0
  let redispatched = false
  let queuedMs = 0

  const tryServer = (preferred: Server | undefined, avoid: Server | undefined, held?: Server): void => {
    const onServer = (err: DataplaneError | undefined, server: Server | undefined, waited: number): void => {
      queuedMs += waited
      if (err !== undefined || server === undefined) { cb(err, undefined, undefined); return }
      if (o.aborted()) { be.release(server); cb(new DataplaneError(ErrorCode.ServerClosed, 'client aborted'), undefined, undefined); return }
      const t0 = Date.now()
      connectTo({ address: server.address, clientPort: o.clientPort, timeoutMs: be.timeout('connect'), onread: o.onread }, (cerr, socket) => {
        if (cerr === undefined && socket !== undefined) {
          server.counters.connects++
          cb(undefined, { server, socket, retries: attempt, redispatched, queuedMs, connectMs: Date.now() - t0 }, server)
          return
        }
        server.counters.connectErrors++
        be.release(server)
        if (attempt >= maxRetries || o.aborted()) { cb(cerr, undefined, server); return }
        attempt++
        server.counters.retries++
        if (shouldRedispatch(be, attempt, maxRetries, preferred !== undefined)) {
          redispatched = true
          server.counters.redispatches++
          tryServer(undefined, server)
          return
        }
        setTimeout(() => { if (o.aborted()) { cb(cerr, undefined, server); return } tryServer(server, undefined) }, turnaround(be))
      })
    }
    if (held !== undefined) onServer(undefined, held, 0)
    else be.acquire(o.input, preferred, avoid, onServer)
  }
  tryServer(o.preferred, undefined, o.acquired)
}

/**
 * `option redispatch <interval>` (HAProxy: stream.c sess_update_st_cer): a positive P
 * moves every Pth retry to another server, a negative N the retries where
 * attempt % (retries + 1 + N) is 0 (the default -1: the last one), 0 never. Besides,
 * HAProxy moves every retry when the server was not chosen by persistence, the
 * backend has more than one active server and its algorithm is round-robin-like:
 * nobody cares which server answers then.
 */
export function shouldRedispatch (be: Backend, attempt: number, max: number, persistent: boolean): boolean {
  const interval = be.model.redispatch?.interval
  if (interval === undefined || interval === 0) return false
  if (!persistent && be.roundRobinKind && be.activeServers() > 1) return true
  if (interval > 0) return attempt % interval === 0
  const n = max + 1 + interval
  return n > 0 && attempt % n === 0
}

/** HAProxy waits MIN(one second, connect timeout) before each retry on the same server. */
function turnaround (be: Backend): number {
  const c = be.timeout('connect')
  return c > 0 ? Math.min(TURNAROUND_MS, c) : TURNAROUND_MS
}

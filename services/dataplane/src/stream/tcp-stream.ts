/**
 * mode tcp: one client connection bridged to one server connection, both ways,
 * with backpressure (a side is not read while the other cannot take more),
 * half-close propagated, inactivity timeouts, and retries on connect.
 * Timeouts: `timeout client` on the client side and `timeout server` on the
 * server side; once both are connected `timeout tunnel` replaces both; a side
 * that has half-closed switches to `timeout client-fin` / `timeout server-fin`.
 * HAProxy reference: src/stream.c (TCP analysers off), src/mux_pt.c
 */
import type { Socket } from 'node:net'
import type { Frontend } from '../frontend.js'
import type { Backend } from '../backend/backend.js'
import type { Server } from '../backend/server.js'
import { connectWithRetries } from '../backend/connect.js'
import type { StreamView } from '@switchyard/types'
import { inspectContent } from '@switchyard/rules'
import type { Conn } from '../net/conn.js'
import type { StreamEvents } from './events.js'
import { ReadBuffer, relayToServer, writeThrough } from './relay.js'

/** Server-side read buffer of a tcp stream: large reads are what makes 1 MiB transfers fast. */
const TCP_READ_SIZE = 131072

/**
 * `early`: client bytes already read (by `tcp-request content` inspection), sent to
 * the server first; `ended`: the client half-closed during that inspection.
 */
export function startTcpStream (fe: Frontend, be: Backend, client: Conn, events: StreamEvents, early?: Buffer, ended = false): void {
  let closed = false
  const session = { closeIfIdle: () => { /* a tcp stream is never idle: it finishes on its own */ } }
  fe.sessions.add(session)
  const finish = (): void => {
    if (closed) return
    closed = true
    fe.sessions.delete(session)
    events.closed()
  }
  // Not read until the server is connected; the timeout and a close still count.
  client.user = {
    onConnData: () => undefined,
    onConnEnd: () => undefined,
    onConnClose: finish,
    onConnTimeout: () => client.destroy(),
  }
  client.setTimeout(fe.timeout('client'))
  const reads = new ReadBuffer(TCP_READ_SIZE)

  connectWithRetries({
    onread: reads.options(),
    backend: be,
    input: { src: client.remoteAddress ?? '' },
    preferred: undefined,
    clientPort: client.localPort ?? 0,
    aborted: () => closed || client.destroyed,
  }, (err, r) => {
    if (err !== undefined || r === undefined) {
      events.noServer(err)
      client.destroy()
      return
    }
    if (closed || client.destroyed) {
      r.socket.destroy()
      be.release(r.server)
      return
    }
    reads.setSink(writeThrough(r.socket, client, TCP_READ_SIZE))
    if (early !== undefined && early.length > 0) r.socket.write(early)
    bridge(fe, be, client, r.socket, r.server, finish)
    if (ended) { r.socket.end(); setClientIdle(client, fe.timeout('client-fin')) }
  })
}

/**
 * `tcp-request content` rules on the client's first bytes: read and held (up to
 * tune.bufsize) until a rule decides or `tcp-request inspect-delay` ends. A
 * rejected connection is closed; an accepted one goes on with what was read.
 * HAProxy reference: src/tcp_rules.c tcp_inspect_request()
 */
export function inspectClient (fe: Frontend, client: Conn, view: (payload: Buffer) => StreamView, limit: number,
  accepted: (payload: Buffer, ended: boolean) => void, closed: () => void): void {
  let buf = Buffer.alloc(0)
  let decided = false
  let ended = false
  const decide = (final: boolean): void => {
    if (decided || client.destroyed) return
    const d = inspectContent(fe.contentRules, view(buf), final)
    if (d === undefined) return
    decided = true
    clearTimeout(timer)
    client.pause()
    if (d === 'reject') { fe.counters.denied++; client.destroy(); return }
    accepted(buf, ended)
  }
  const timer = setTimeout(() => decide(true), fe.inspectDelay)
  timer.unref()
  client.setTimeout(fe.timeout('client'))
  client.start({
    onConnData: (d) => { buf = Buffer.concat([buf, d]); decide(buf.length >= limit) },
    onConnEnd: () => { ended = true; decide(true) },
    onConnClose: () => { clearTimeout(timer); closed() },
    onConnTimeout: () => client.destroy(),
  })
  if (fe.inspectDelay <= 0) decide(true)
}

/** Joins the two connected sockets until both are done; gives the server slot back once. */
function bridge (fe: Frontend, be: Backend, client: Conn, server: Socket, slot: Server, finish: () => void): void {
  let released = false
  const release = (): void => {
    if (released) return
    released = true
    be.release(slot)
  }
  // A server gone: the client gets what is still queued for it, then a close.
  server.once('close', () => { release(); client.end(true) })
  server.on('error', () => server.destroy())
  server.on('timeout', () => { server.destroy(); client.destroy() })

  // Once both sides are connected the stream is a tunnel: `timeout tunnel`
  // supersedes the client and server timeouts (HAProxy, mode tcp).
  const tunnel = be.timeout('tunnel') || fe.timeout('tunnel')
  setClientIdle(client, tunnel || fe.timeout('client'))
  setIdle(server, tunnel || be.timeout('server'))
  server.once('end', () => setIdle(server, be.timeout('server-fin')))

  client.start(relayToServer(client, server,
    () => setClientIdle(client, fe.timeout('client-fin')),
    () => { finish(); closeAfterFlush(server) },
    () => { client.destroy(); server.destroy() }))
  // Server to client goes through the ReadBuffer's sink; end is passed on by hand.
  server.once('end', () => client.end())
}

/** Sets the inactivity timeout of a socket; 0 leaves the current one in place. */
function setIdle (s: Socket, ms: number): void {
  if (ms > 0) s.setTimeout(ms)
}

function setClientIdle (c: Conn, ms: number): void {
  if (ms > 0) c.setTimeout(ms)
}

/**
 * The peer is gone: close `s` too. If its FIN is already queued behind data still
 * being written, let that data out first (the idle timeout still bounds the wait).
 */
function closeAfterFlush (s: Socket): void {
  if (s.destroyed) return
  if (s.writableEnded && !s.writableFinished) {
    s.once('finish', () => s.destroy())
    return
  }
  s.destroy()
}

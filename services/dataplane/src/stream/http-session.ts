/**
 * mode http over HTTP/1.x: one client connection, its requests in order
 * (keep-alive, pipelining), each forwarded to a server connection taken from the
 * server's idle pool or opened for it, bodies streamed with backpressure.
 * Owns: client-side framing, request/response exchange, connection modes.
 * Does not own: parsing bytes (mux/h1-parse), choosing servers (backend/).
 * HAProxy reference: src/mux_h1.c, src/http_ana.c, src/stream.c
 * Invariant: at most one request in flight per server-side connection.
 */
import type { Socket } from 'node:net'
import type { PickInput } from '@switchyard/lb'
import {
  parseRequestHead, parseResponseHead, writeResponseHead, getHeader,
  type RequestHead, type ResponseHead, type H1Error, type HeadLimits,
} from '../mux/h1-parse.js'
import { ChunkedScanner } from '../mux/h1-chunked.js'
import type { Frontend } from '../frontend.js'
import type { Backend } from '../backend/backend.js'
import type { Server } from '../backend/server.js'
import { connectWithRetries } from '../backend/connect.js'
import type { DataplaneError } from '../errors.js'
import { ErrorCode } from '../errors.js'
import type { HttpProxyContext } from './http-context.js'

const EMPTY = Buffer.alloc(0)

/**
 * The session that last sent a request on a server connection. A parked connection
 * is both its session's own and in the shared pool; once another session takes it
 * from the pool, the first one's reference is stale and must not be used.
 */
const connOwner = new WeakMap<Socket, HttpSession>()

type Phase = 'head' | 'request' | 'response' | 'tunnel' | 'closed'

/** What the session knows about the exchange in progress. */
type Exchange = {
  req: RequestHead
  backend: Backend
  server: Server | undefined
  conn: Socket | undefined
  reused: boolean
  /** Request body bytes still expected (content-length), or -1 for chunked, 0 for none. */
  reqRemaining: number
  reqChunks: ChunkedScanner | undefined
  reqDone: boolean
  /** Request bytes that arrived before the server connection was ready. */
  early: Buffer[]
  res: ResponseHead | undefined
  resBuf: Buffer
  resRemaining: number
  resChunks: ChunkedScanner | undefined
  resUntilClose: boolean
  resDone: boolean
  /** Bytes of response sent to the client (a 502 is only possible before any). */
  resSent: number
  keepClient: boolean
  keepServer: boolean
  released: boolean
  retriedReuse: boolean
}

export class HttpSession {
  private phase: Phase = 'head'
  private buf: Buffer = EMPTY
  private ex: Exchange | undefined
  private requests = 0
  private headTimer: NodeJS.Timeout | undefined
  private readonly limits: HeadLimits
  private stopping = false
  /** Set while the body bytes read along with a head are scanned (see sendError). */
  private headPass = false
  private released = false

  constructor (
    private readonly ctx: HttpProxyContext,
    private readonly fe: Frontend,
    private readonly client: Socket,
    private readonly onClose: () => void,
  ) {
    this.limits = ctx.limits
    fe.sessions.add(this)
    client.on('data', (d: Buffer) => this.onClientData(d))
    client.on('end', () => this.onClientEnd())
    client.on('error', () => client.destroy())
    client.once('close', () => this.onClientClose())
    const t = fe.timeout('client')
    // on(), not setTimeout(t, cb): that registers cb once, and the timeout may fire many times.
    if (t > 0) { client.setTimeout(t); client.on('timeout', () => this.onClientTimeout()) }
    this.armHeadTimer(true)
    client.resume()
  }

  /** Soft stop: idle connections close now; busy ones close after their response. */
  closeIfIdle (): void {
    this.stopping = true
    if (this.phase === 'head' && this.buf.length === 0) this.client.destroy()
  }

  // ---- client side -------------------------------------------------------

  private onClientData (d: Buffer): void {
    switch (this.phase) {
      case 'head':
        this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d])
        this.parseHead()
        return
      case 'request':
        this.requestData(d)
        return
      case 'response':
        // Pipelined requests wait until the current response is done.
        this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d])
        if (this.buf.length > this.limits.maxHead * 2) this.client.pause()
        return
      case 'tunnel': case 'closed':
    }
  }

  private onClientEnd (): void {
    const ex = this.ex
    if (this.phase === 'tunnel') { ex?.conn?.end(); return }
    if (this.phase === 'request' && ex !== undefined && !ex.reqDone) {
      // Client gave up mid-request: abort both sides cleanly.
      this.abort()
      return
    }
    if (this.phase === 'head' || ex === undefined) { this.client.destroy(); return }
    // Half-closed after a complete request: answer it, then close.
    ex.keepClient = false
  }

  private onClientClose (): void {
    // Runs once per connection even when the session already finished ('closed'):
    // it is what frees the frontend's maxconn slot.
    if (this.released) return
    this.released = true
    const ex = this.ex
    if (ex !== undefined && !ex.resDone) {
      ex.keepServer = false
      ex.conn?.destroy()
      this.releaseServer(ex)
    }
    this.phase = 'closed'
    this.clearHeadTimer()
    // A private (`http-reuse never`) connection dies with its session; a pooled one stays.
    if (this.ownConn !== undefined && this.ownPrivate) this.ownConn.destroy()
    this.fe.sessions.delete(this)
    this.onClose()
  }

  private onClientTimeout (): void {
    if (this.phase === 'head' && this.buf.length > 0) { this.sendError(408, true); return }
    const ex = this.ex
    if (ex !== undefined && (this.phase === 'request' || this.phase === 'response') && this.client.writableLength === 0) {
      // Waiting on the server (queue, connect, a long poll, a slow body): that side's
      // timeouts decide, as HAProxy does not expire the client while the server owes it.
      if (ex.conn !== undefined || ex.reqDone) return
      if (ex.resSent === 0) { this.sendError(408); return }
    }
    this.client.destroy()
  }

  /** `timeout http-request` for a request head (and `http-keep-alive` while idle between requests). */
  private armHeadTimer (first: boolean): void {
    this.clearHeadTimer()
    const req = this.fe.timeout('http-request')
    const ka = this.fe.timeout('http-keep-alive')
    const ms = first ? req : (ka || req)
    if (ms <= 0) return
    this.headTimer = setTimeout(() => {
      this.headTimer = undefined
      if (this.phase !== 'head') return
      if (this.buf.length === 0 && !first) { this.client.destroy(); return }
      this.sendError(408, true)
    }, ms)
  }

  private clearHeadTimer (): void {
    if (this.headTimer !== undefined) { clearTimeout(this.headTimer); this.headTimer = undefined }
  }

  private parseHead (): void {
    const r = parseRequestHead(this.buf, 0, this.buf.length, this.limits)
    if (r === undefined) return
    if (r.kind === 'error') { this.badRequest(r); return }
    this.clearHeadTimer()
    this.startExchange(r)
  }

  private badRequest (e: H1Error): void {
    this.fe.counters.badRequests++
    this.ctx.events.badRequest(this.fe, e.reason)
    // HAProxy 2.6 answers 400 to every invalid or oversized request head (no 414/431).
    this.sendError(e.status === 501 ? 501 : 400, true)
  }

  // ---- exchange ----------------------------------------------------------

  private startExchange (req: RequestHead): void {
    this.requests++
    this.fe.counters.requests++
    const backend = this.fe.backend
    const rest = this.buf.subarray(req.headLength)
    this.buf = EMPTY
    if (backend === undefined) { this.sendError(503); return }
    const reqRemaining = req.chunked ? -1 : req.contentLength > 0 ? req.contentLength : 0
    const ex: Exchange = {
      req, backend, server: undefined, conn: undefined, reused: false,
      reqRemaining, reqChunks: req.chunked ? new ChunkedScanner() : undefined, reqDone: reqRemaining === 0,
      early: [], res: undefined, resBuf: EMPTY, resRemaining: 0, resChunks: undefined, resUntilClose: false,
      resDone: false, resSent: 0, keepClient: this.clientWantsKeepAlive(req), keepServer: true, released: false,
      retriedReuse: false,
    }
    this.ex = ex
    this.phase = 'request'
    // Hold the client until a server connection is there (bounded: one buffer's worth).
    this.client.pause()
    if (rest.length > 0) {
      // Body bytes that came with the head are checked before anything is forwarded.
      this.headPass = true
      this.requestData(rest)
      this.headPass = false
      if ((this.phase as Phase) === 'closed') return   // refused: answered and closed
    }
    this.ctx.route(this, ex.req, backend, (be) => this.connectServer(ex, be))
  }

  private clientWantsKeepAlive (req: RequestHead): boolean {
    if (this.stopping || this.ctx.closeMode(this.fe) === 'close') return false
    if (req.connClose) return false
    return req.version === 11 || req.connKeepAlive
  }

  private connectServer (ex: Exchange, backend: Backend): void {
    ex.backend = backend
    const reuse = backend.model.httpReuse
    // http-reuse: `safe` never sends a session's first request over a shared
    // connection; `aggressive`/`always` may; `never` keeps connections private.
    const mayReuse = reuse === 'always' || reuse === 'aggressive' || (reuse === 'safe' && this.requests > 1)
    backend.acquire(this.pickInput(ex), undefined, undefined, (err, server) => {
      if (this.phase === 'closed') { if (server !== undefined) backend.release(server); return }
      if (err !== undefined || server === undefined) { this.serverFailed(ex, err); return }
      const idle = mayReuse || reuse === 'never' ? this.takeIdle(server, reuse) : undefined
      if (idle !== undefined) {
        ex.server = server
        ex.reused = true
        server.counters.reuses++
        this.attach(ex, idle)
        return
      }
      this.connectFresh(ex, backend, server)
    })
  }

  private pickInput (ex: Exchange): PickInput {
    const headers = ex.req.headers
    return { src: this.client.remoteAddress ?? '', uri: ex.req.target, header: (n: string) => getHeader(headers, n) }
  }

  /** Idle connection for this server: the session's own first, then the shared pool. */
  private ownConn: Socket | undefined
  private ownServer: Server | undefined
  /** The own connection is not in the shared pool (`http-reuse never`). */
  private ownPrivate = false

  private takeIdle (server: Server, reuse: string): Socket | undefined {
    const own = this.ownConn
    if (own !== undefined) {
      this.ownConn = undefined
      if (this.ownServer === server && !own.destroyed && connOwner.get(own) === this) {
        server.dropIdle(own)
        return own
      }
      if (this.ownPrivate) own.destroy()
    }
    if (reuse === 'never') return undefined
    return server.takeIdle()
  }

  /** Connects to `server`, whose slot is already held, retrying as `retries` says. */
  private connectFresh (ex: Exchange, backend: Backend, server: Server): void {
    connectWithRetries({
      backend,
      input: this.pickInput(ex),
      preferred: undefined,
      acquired: server,
      clientPort: this.client.localPort ?? 0,
      aborted: () => this.phase === 'closed',
    }, (err, r) => {
      if (this.phase === 'closed') { if (r !== undefined) { r.socket.destroy(); backend.release(r.server) } return }
      if (err !== undefined || r === undefined) { this.serverFailed(ex, err); return }
      ex.server = r.server
      ex.reused = false
      this.attach(ex, r.socket)
    })
  }

  /** Sends the request head (and what body already arrived) on `conn`. */
  private attach (ex: Exchange, conn: Socket): void {
    ex.conn = conn
    connOwner.set(conn, this)
    conn.removeAllListeners('data').removeAllListeners('end').removeAllListeners('close').removeAllListeners('error').removeAllListeners('timeout')
    conn.on('data', (d: Buffer) => this.onServerData(ex, d))
    conn.on('end', () => this.onServerEnd(ex))
    conn.on('error', () => conn.destroy())
    conn.once('close', () => this.onServerClose(ex))
    const st = ex.backend.timeout('server')
    if (st > 0) conn.setTimeout(st, () => this.onServerTimeout(ex))
    else conn.setTimeout(0)
    conn.resume()
    conn.cork()
    conn.write(this.ctx.buildRequest(this.fe, ex.backend, ex.req, this.client, this.ctx.closeMode(this.fe, ex.backend) === 'keep-alive'))
    for (const b of ex.early) this.writeBody(ex, b)
    ex.early = []
    conn.uncork()
    if (!ex.reqDone) this.client.resume()
  }

  private requestData (d: Buffer): void {
    const ex = this.ex
    if (ex === undefined || ex.reqDone) {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d])
      return
    }
    let n = d.length
    if (ex.reqChunks !== undefined) {
      n = ex.reqChunks.scan(d, 0, d.length)
      if (ex.reqChunks.error !== undefined) { this.badRequestBody(ex); return }
      if (ex.reqChunks.done) ex.reqDone = true
    } else {
      if (n > ex.reqRemaining) n = ex.reqRemaining
      ex.reqRemaining -= n
      if (ex.reqRemaining === 0) ex.reqDone = true
    }
    const body = n === d.length ? d : d.subarray(0, n)
    if (n < d.length) this.buf = d.subarray(n)
    if (ex.conn === undefined) {
      ex.early.push(body)
      return
    }
    this.writeBody(ex, body)
    if (ex.reqDone) this.client.pause()
  }

  private writeBody (ex: Exchange, body: Buffer): void {
    const conn = ex.conn as Socket
    if (body.length === 0) return
    if (!conn.write(body) && !ex.reqDone) {
      this.client.pause()
      conn.once('drain', () => { if (this.phase === 'request' || this.phase === 'response') this.client.resume() })
    }
  }

  private badRequestBody (ex: Exchange): void {
    this.fe.counters.badRequests++
    ex.keepServer = false
    ex.conn?.destroy()
    this.releaseServer(ex)
    if (ex.resSent === 0) this.sendError(400, this.headPass)
    else this.client.destroy()
  }

  // ---- server side -------------------------------------------------------

  private onServerData (ex: Exchange, d: Buffer): void {
    if (this.ex !== ex) return
    if (this.phase === 'tunnel') return
    if (ex.res === undefined) {
      ex.resBuf = ex.resBuf.length === 0 ? d : Buffer.concat([ex.resBuf, d])
      this.parseResponse(ex)
      return
    }
    this.responseData(ex, d)
  }

  private parseResponse (ex: Exchange): void {
    for (;;) {
      const r = parseResponseHead(ex.resBuf, 0, ex.resBuf.length, this.limits)
      if (r === undefined) return
      if (r.kind === 'error') { this.badResponse(ex); return }
      const rest = ex.resBuf.subarray(r.headLength)
      if (r.status >= 100 && r.status < 200 && r.status !== 101) {
        // Interim responses (100 Continue, 103) go to the client as they are.
        this.client.write(ex.resBuf.subarray(0, r.headLength))
        ex.resBuf = rest
        continue
      }
      ex.resBuf = EMPTY
      this.phase = 'response'
      this.startResponse(ex, r, rest)
      return
    }
  }

  private startResponse (ex: Exchange, res: ResponseHead, rest: Buffer): void {
    ex.res = res
    const req = ex.req
    if (res.status === 101 || (req.method === 'CONNECT' && res.status >= 200 && res.status < 300)) {
      this.startTunnel(ex, res, rest)
      return
    }
    const noBody = req.method === 'HEAD' || res.status === 204 || res.status === 304
    if (noBody) ex.resRemaining = 0
    else if (res.chunked) { ex.resChunks = new ChunkedScanner(); ex.resRemaining = -1 } else if (res.contentLength >= 0) ex.resRemaining = res.contentLength
    else { ex.resUntilClose = true; ex.resRemaining = -1 }
    if (ex.resUntilClose) { ex.keepClient = false; ex.keepServer = false }
    if (res.connClose || (res.version === 10 && !res.connKeepAlive)) ex.keepServer = false
    if (this.ctx.closeMode(this.fe, ex.backend) !== 'keep-alive') ex.keepServer = false
    if (this.ctx.closeMode(this.fe, ex.backend) === 'close') ex.keepClient = false
    if (this.stopping) ex.keepClient = false
    const head = this.ctx.buildResponse(res, req, ex.keepClient)
    ex.resSent += head.length
    if (ex.resRemaining === 0) {
      this.client.write(head)
      this.finishResponse(ex)
      return
    }
    this.client.cork()
    this.client.write(head)
    if (rest.length > 0) this.responseData(ex, rest)
    this.client.uncork()
  }

  private responseData (ex: Exchange, d: Buffer): void {
    let n = d.length
    if (ex.resChunks !== undefined) {
      n = ex.resChunks.scan(d, 0, d.length)
      if (ex.resChunks.error !== undefined) { this.truncatedResponse(ex); return }
      if (ex.resChunks.done) ex.resDone = true
    } else if (!ex.resUntilClose) {
      if (n > ex.resRemaining) n = ex.resRemaining
      ex.resRemaining -= n
      if (ex.resRemaining === 0) ex.resDone = true
    }
    if (n < d.length) ex.keepServer = false
    const chunk = n === d.length ? d : d.subarray(0, n)
    ex.resSent += chunk.length
    const conn = ex.conn as Socket
    if (!this.client.write(chunk) && !ex.resDone) {
      conn.pause()
      this.client.once('drain', () => conn.resume())
    }
    if (ex.resDone) this.finishResponse(ex)
  }

  private finishResponse (ex: Exchange): void {
    ex.resDone = true
    const conn = ex.conn
    if (conn !== undefined) {
      if (ex.keepServer && ex.reqDone && ex.server !== undefined) this.parkServerConn(ex, conn)
      else conn.destroy()
    }
    this.releaseServer(ex)
    this.ex = undefined
    if (!ex.keepClient || !ex.reqDone) {
      this.phase = 'closed'
      this.client.end()
      this.client.destroySoon()
      return
    }
    this.phase = 'head'
    this.armHeadTimer(false)
    this.client.resume()
    if (this.buf.length > 0) this.parseHead()
  }

  /** A finished keep-alive server connection becomes idle: the session's own, or the shared pool's. */
  private parkServerConn (ex: Exchange, conn: Socket): void {
    const server = ex.server as Server
    conn.removeAllListeners('data').removeAllListeners('end').removeAllListeners('close').removeAllListeners('error').removeAllListeners('timeout')
    const drop = (): void => { server.dropIdle(conn); if (this.ownConn === conn) this.ownConn = undefined; conn.destroy() }
    conn.on('data', drop)
    conn.on('end', drop)
    conn.on('error', drop)
    conn.on('close', drop)
    conn.setTimeout(this.ctx.idleTimeout, drop)
    // The session keeps one connection; a previous private one is closed, a pooled one stays pooled.
    if (this.ownConn !== undefined && this.ownConn !== conn && this.ownPrivate) this.ownConn.destroy()
    this.ownConn = conn
    this.ownServer = server
    this.ownPrivate = ex.backend.model.httpReuse === 'never'
    if (!this.ownPrivate) server.putIdle(conn, this.ctx.maxIdlePerServer)
  }

  private onServerEnd (ex: Exchange): void {
    if (this.phase === 'tunnel') { this.client.end(); return }
    if (this.ex !== ex) return
    if (ex.res !== undefined && ex.resUntilClose) {
      ex.resDone = true
      ex.keepServer = false
      this.finishResponse(ex)
      return
    }
    ex.conn?.destroy()
  }

  private onServerClose (ex: Exchange): void {
    if (this.phase === 'tunnel') { this.client.destroy(); return }
    if (this.ex !== ex || ex.resDone) return
    ex.keepServer = false
    if (ex.res === undefined) {
      // Nothing usable came back: a reused connection closed under us is retried once
      // on a fresh one when nothing of the body was lost; otherwise 502 (empty/truncated).
      if (ex.reused && !ex.retriedReuse && ex.resBuf.length === 0 && ex.req.contentLength <= 0 && !ex.req.chunked && ex.server !== undefined) {
        ex.retriedReuse = true
        const server = ex.server
        ex.conn = undefined
        ex.reused = false
        this.connectFresh(ex, ex.backend, server)
        return
      }
      this.badResponse(ex)
      return
    }
    this.truncatedResponse(ex)
  }

  private onServerTimeout (ex: Exchange): void {
    if (this.ex !== ex) return
    ex.keepServer = false
    ex.conn?.destroy()
    ex.server !== undefined && ex.server.counters.responseErrors++
    this.releaseServer(ex)
    if (ex.resSent === 0) this.sendError(504)
    else this.client.destroy()
  }

  private badResponse (ex: Exchange): void {
    ex.keepServer = false
    ex.conn?.destroy()
    ex.server !== undefined && ex.server.counters.responseErrors++
    this.releaseServer(ex)
    if (ex.resSent === 0) this.sendError(502)
    else this.client.destroy()
  }

  /** The server died mid-response: this client gets a clean abort, nobody else notices. */
  private truncatedResponse (ex: Exchange): void {
    ex.keepServer = false
    ex.conn?.destroy()
    ex.server !== undefined && ex.server.counters.responseErrors++
    this.releaseServer(ex)
    this.phase = 'closed'
    this.client.destroy()
  }

  private serverFailed (ex: Exchange, err: DataplaneError | undefined): void {
    this.ctx.events.noServer(ex.backend, err)
    if (err?.code === ErrorCode.ConnectTimeout || err?.code === ErrorCode.ConnectFailed ||
      err?.code === ErrorCode.NoServer || err?.code === ErrorCode.QueueTimeout || err === undefined) {
      this.sendError(503)
      return
    }
    this.sendError(502)
  }

  private releaseServer (ex: Exchange): void {
    if (ex.released || ex.server === undefined) return
    ex.released = true
    ex.backend.release(ex.server)
  }

  // ---- tunnel (Upgrade, CONNECT) -----------------------------------------

  private startTunnel (ex: Exchange, res: ResponseHead, rest: Buffer): void {
    this.phase = 'tunnel'
    const conn = ex.conn as Socket
    ex.keepServer = false
    this.client.write(writeResponseHead(res.version, res.status, res.reason, res.headers))
    if (rest.length > 0) this.client.write(rest)
    if (this.buf.length > 0) { conn.write(this.buf); this.buf = EMPTY }
    conn.removeAllListeners('data').removeAllListeners('end').removeAllListeners('timeout')
    this.client.removeAllListeners('data').removeAllListeners('end').removeAllListeners('timeout')
    this.client.once('end', () => conn.end())
    conn.once('end', () => this.client.end())
    conn.once('close', () => { this.releaseServer(ex); this.client.destroy() })
    this.client.once('close', () => conn.destroy())
    // `timeout tunnel` replaces both sides' timeouts; without it, `timeout client` and
    // `timeout server` keep applying to their side, as in HAProxy.
    const tunnel = this.fe.timeout('tunnel') || ex.backend.timeout('tunnel')
    const kill = (): void => { this.client.destroy(); conn.destroy() }
    const ct = tunnel || this.fe.timeout('client')
    const st = tunnel || ex.backend.timeout('server')
    this.client.setTimeout(ct, ct > 0 ? kill : undefined)
    conn.setTimeout(st, st > 0 ? kill : undefined)
    this.client.pipe(conn)
    conn.pipe(this.client)
    this.client.resume()
  }

  // ---- answers -----------------------------------------------------------

  /**
   * Sends one of the proxy's own answers and closes the connection. `mux`: the error
   * was found while reading a request head (with what came in the same read), before
   * HAProxy would have created a stream, so the h1 mux's raw answer goes out.
   */
  sendError (status: number, mux = false): void {
    if (this.phase === 'closed') return
    const ex = this.ex
    if (ex !== undefined) {
      ex.conn?.destroy()
      this.releaseServer(ex)
    }
    this.phase = 'closed'
    this.clearHeadTimer()
    this.ctx.events.errorSent(this.fe, status)
    this.client.end(mux ? this.ctx.muxErrorPage(this.fe, status) : this.ctx.errorPage(this.fe, ex?.backend, status))
    this.client.destroySoon()
  }

  private abort (): void {
    const ex = this.ex
    if (ex !== undefined) {
      ex.keepServer = false
      ex.conn?.destroy()
      this.releaseServer(ex)
    }
    this.phase = 'closed'
    this.client.destroy()
  }
}


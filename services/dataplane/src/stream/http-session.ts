/**
 * mode http over HTTP/1.x: one client connection, its requests in order
 * (keep-alive, pipelining), each forwarded to a server connection taken from the
 * server's idle pool or opened for it, bodies streamed with backpressure.
 * Owns: client-side framing, request/response exchange, connection modes, retries
 * of replayable requests (`retry-on`). Does not own: parsing bytes (mux/h1-parse),
 * choosing servers (backend/), the server connection's socket (backend/server-conn).
 * HAProxy reference: src/mux_h1.c, src/http_ana.c, src/stream.c, src/backend.c
 * Invariant: at most one request in flight per server-side connection.
 *
 * The request path is hot: nothing here allocates per request beyond the
 * exchange record and the heads; timers are refreshed, not recreated, and the
 * client is paused only when a body must wait.
 */
import type { PickInput } from '@switchyard/lb'
import type { StreamView, HttpRequestView, HttpResponseView, ProxyState, UserlistView } from '@switchyard/types'
import { runHttpRules, type HttpMessage, type Reply, type Verdict } from '@switchyard/rules'
import {
  parseRequestHead, parseResponseHead, writeResponseHead, getHeader,
  type RequestHead, type ResponseHead, type H1Error, type HeadLimits,
} from '../mux/h1-parse.js'
import { ChunkedScanner } from '../mux/h1-chunked.js'
import type { Frontend } from '../frontend.js'
import type { Backend } from '../backend/backend.js'
import type { Server } from '../backend/server.js'
import { ServerConn, type ServerConnUser } from '../backend/server-conn.js'
import { connectWithRetries, shouldRedispatch } from '../backend/connect.js'
import { ReadBuffer, relayToServer } from './relay.js'
import type { Conn, ConnUser } from '../net/conn.js'
import { SessionVars } from './vars.js'
import type { DataplaneError } from '../errors.js'
import { ErrorCode } from '../errors.js'
import { NO_RULES, type HttpProxyContext, type ResponseEdit } from './http-context.js'
import type { CookieState, CookiePersistence } from '../http/cookie.js'
import type { ProxyModel } from '@switchyard/config'

const EMPTY = Buffer.alloc(0)
/** A response head and a first body part up to this size go out in one write. */
const COALESCE_MAX = 16384
/** Read buffer of each server connection (allocated at its first byte). */
const SERVER_READ_SIZE = 65536
/** Methods whose requests may be sent twice (RFC 9110 9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'])

type Phase = 'head' | 'request' | 'response' | 'tunnel' | 'closed'

/** What the session knows about the exchange in progress. */
type Exchange = {
  req: RequestHead
  backend: Backend
  server: Server | undefined
  conn: ServerConn | undefined
  reused: boolean
  /** Request body bytes still expected (content-length), or -1 for chunked, 0 for none. */
  reqRemaining: number
  reqChunks: ChunkedScanner | undefined
  reqDone: boolean
  /** Request bytes that arrived before the server connection was ready. */
  early: Buffer[] | undefined
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
  /** No body and an idempotent method: it can be sent again after a failure. */
  replayable: boolean
  /** `retry-on` retries done so far (they count against `retries`). */
  l7Retries: number
  /** What the request's persistence cookie said (backends with `cookie`). */
  persist: CookieState
  /** The request as `http-request` rules left it (undefined without rules). */
  msg: HttpMessage | undefined
}

/**
 * The balancer's and the rules' view of the current request (PickInput and
 * StreamView), one object per session; addresses are read when asked for.
 */
class RequestPick implements PickInput, StreamView {
  uri: string | undefined = undefined
  headers: readonly string[] = []
  req: RequestHead | undefined = undefined
  /** The request as `http-request` rules changed it (undefined without rules). */
  msg: HttpMessage | undefined = undefined
  backend: string | undefined = undefined
  response: HttpResponseView | undefined = undefined
  private srcText: string | undefined

  constructor (
    private readonly client: Conn,
    readonly frontend: string,
    readonly proxies: ProxyState | undefined,
    readonly vars: SessionVars,
    private readonly lists: ReadonlyMap<string, UserlistView>,
  ) {}

  readonly userlist = (name: string): UserlistView | undefined => this.lists.get(name)

  get src (): string {
    if (this.srcText === undefined) this.srcText = this.client.remoteAddress ?? ''
    return this.srcText
  }

  get srcPort (): number { return this.client.remotePort ?? 0 }

  /** The address the client connected to (option originalto). */
  get dst (): string {
    return this.client.localAddress ?? ''
  }

  get dstPort (): number { return this.client.localPort ?? 0 }

  get request (): HttpRequestView | undefined {
    return this.req === undefined ? undefined : this.requestView
  }

  /** One view per session, reading the current request (and the rules' changes to it). */
  private readonly requestView: HttpRequestView = ((pick: RequestPick): HttpRequestView => ({
    get method () { return pick.msg?.method ?? (pick.req as RequestHead).method },
    get target () { return pick.msg?.target ?? (pick.req as RequestHead).target },
    get version () { return (pick.req as RequestHead).version === 11 ? '1.1' : '1.0' },
    get headers () { return pick.msg?.headers ?? (pick.req as RequestHead).headers },
  }))(this)

  readonly header = (name: string): string | undefined => getHeader(this.headers, name)
}

export class HttpSession implements ServerConnUser, ConnUser {
  private phase: Phase = 'head'
  private buf: Buffer = EMPTY
  private ex: Exchange | undefined
  private requests = 0
  private readonly limits: HeadLimits
  private stopping = false
  /** Set while the body bytes read along with a head are scanned (see sendError). */
  private headPass = false
  private released = false
  private clientPaused = false
  private readonly pick: RequestPick
  /** One timer for `timeout http-request`/`http-keep-alive`, refreshed per head. */
  private headTimer: NodeJS.Timeout | undefined
  private headTimerMs = 0
  private headFirst = true
  /** The last server connection: reused by this session's next request when it goes to the same server. */
  private ownConn: ServerConn | undefined

  constructor (
    private readonly ctx: HttpProxyContext,
    private readonly fe: Frontend,
    private readonly client: Conn,
    private readonly onClose: () => void,
  ) {
    this.limits = ctx.limits
    this.pick = new RequestPick(client, fe.name, ctx.liveState, new SessionVars(ctx.procVars), ctx.userlists)
    fe.sessions.add(this)
    client.setTimeout(fe.timeout('client'))
    this.armHeadTimer(true)
    client.start(this)
  }

  /** Soft stop: idle connections close now; busy ones close after their response. */
  closeIfIdle (): void {
    this.stopping = true
    if (this.phase === 'head' && this.buf.length === 0) this.client.destroy()
  }

  // ---- client side -------------------------------------------------------

  private pauseClient (): void {
    if (this.clientPaused) return
    this.clientPaused = true
    this.client.pause()
  }

  private resumeClient (): void {
    if (!this.clientPaused) return
    this.clientPaused = false
    this.client.resume()
  }

  onConnData (d: Buffer): void {
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
        this.holdPipelined(d)
        return
      case 'tunnel': case 'closed':
    }
  }

  /** Bytes after the current request are kept for later, up to two heads' worth. */
  private holdPipelined (d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d])
    if (this.buf.length > this.limits.maxHead * 2) this.pauseClient()
  }

  onConnEnd (): void {
    const ex = this.ex
    if (this.phase === 'tunnel') { ex?.conn?.socket.end(); return }
    if (this.phase === 'request' && ex !== undefined && !ex.reqDone) {
      // Client gave up mid-request: abort both sides cleanly.
      this.abort()
      return
    }
    if (this.phase === 'head' || ex === undefined) { this.client.destroy(); return }
    // Half-closed after a complete request: answer it, then close.
    ex.keepClient = false
  }

  onConnClose (): void {
    // Runs once per connection even when the session already finished ('closed'):
    // it is what frees the frontend's maxconn slot.
    if (this.released) return
    this.released = true
    const ex = this.ex
    if (ex !== undefined && !ex.resDone) {
      ex.keepServer = false
      this.dropConn(ex)
      this.releaseServer(ex)
    }
    this.phase = 'closed'
    if (this.headTimer !== undefined) { clearTimeout(this.headTimer); this.headTimer = undefined }
    // A private (`http-reuse never`) connection dies with its session; a pooled one stays.
    const own = this.ownConn
    if (own !== undefined && own.private_ && own.owner === this && own.user === undefined) own.close()
    this.ownConn = undefined
    this.fe.sessions.delete(this)
    this.onClose()
  }

  onConnTimeout (): void {
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
    const req = this.fe.httpRequestTimeout
    const ms = first ? req : (this.fe.keepAliveTimeout || req)
    this.headFirst = first
    if (ms <= 0) { this.headTimerMs = 0; return }
    if (this.headTimer !== undefined && this.headTimerMs === ms) { this.headTimer.refresh(); return }
    if (this.headTimer !== undefined) clearTimeout(this.headTimer)
    this.headTimerMs = ms
    this.headTimer = setTimeout(() => this.onHeadTimeout(), ms)
  }

  /** The timer is left running between heads; it only acts while a head is awaited. */
  private onHeadTimeout (): void {
    if (this.phase !== 'head' || this.headTimerMs === 0) return
    if (this.buf.length === 0 && !this.headFirst) { this.client.destroy(); return }
    this.sendError(408, true)
  }

  private parseHead (): void {
    const r = parseRequestHead(this.buf, 0, this.buf.length, this.limits)
    if (r === undefined) return
    if (r.kind === 'error') { this.badRequest(r); return }
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
    const routed = this.route(req)
    if (routed === undefined) return
    const { backend, msg } = routed
    if (msg?.earlyHints !== undefined) this.sendEarlyHints(msg.earlyHints)
    const rest = req.headLength === this.buf.length ? EMPTY : this.buf.subarray(req.headLength)
    this.buf = EMPTY
    if (backend === undefined) { this.sendError(503); return }
    const reqRemaining = req.chunked ? -1 : req.contentLength > 0 ? req.contentLength : 0
    const ex: Exchange = {
      req, backend, server: undefined, conn: undefined, reused: false,
      reqRemaining, reqChunks: req.chunked ? new ChunkedScanner() : undefined, reqDone: reqRemaining === 0,
      early: undefined, res: undefined, resBuf: EMPTY, resRemaining: 0, resChunks: undefined, resUntilClose: false,
      resDone: false, resSent: 0, keepClient: this.clientWantsKeepAlive(req), keepServer: true, released: false,
      retriedReuse: false, replayable: reqRemaining === 0 && IDEMPOTENT.has(msg?.method ?? req.method), l7Retries: 0,
      persist: { direct: undefined }, msg,
    }
    this.ex = ex
    this.phase = 'request'
    // A body waits in the socket until a server connection is there (bounded by its buffer).
    if (!ex.reqDone) this.pauseClient()
    if (rest.length > 0) {
      // Body bytes that came with the head are checked before anything is forwarded.
      this.headPass = true
      this.requestData(rest)
      this.headPass = false
      if ((this.phase as Phase) === 'closed') return   // refused: answered and closed
    }
    const forced = this.forcedServer(ex, backend)
    if (forced !== undefined && backend.acquireForced(forced)) { this.useServer(ex, forced); return }
    this.connectServer(ex, backend, this.persistServer(ex, backend))
  }

  /** `monitor-uri`: HAProxy's own 200 page, or its 503 when a `monitor fail` condition holds. */
  private monitor (): void {
    const failed = this.fe.monitorFail.some(c => c.test(this.pick))
    this.sendError(failed ? 503 : 200)
  }

  /**
   * What HAProxy does between a request head and the choice of a server: the
   * monitor URI, the frontend's http-request rules, backend switching, the
   * backend's rules. Undefined when one of them answered the request itself.
   */
  private route (req: RequestHead): { backend: Backend | undefined; msg: HttpMessage | undefined } | undefined {
    const pick = this.pick
    pick.req = req
    pick.msg = undefined
    pick.response = undefined
    pick.backend = undefined
    pick.vars.newTransaction()
    if (this.fe.monitorUri !== undefined && req.target === this.fe.monitorUri) { this.monitor(); return undefined }
    if (this.requestRules(this.fe.model)) return undefined
    this.pickRequest(req)
    const backend = this.fe.pickBackend(pick)
    pick.backend = backend?.name
    if (backend !== undefined && backend.model !== this.fe.model && this.requestRules(backend.model)) return undefined
    return { backend, msg: this.pickRequest(req) }
  }

  /** Points the balancer at the request as rules left it; returns the rules' message, if any. */
  private pickRequest (req: RequestHead): HttpMessage | undefined {
    const msg = this.pick.msg
    this.pick.uri = msg?.target ?? req.target
    this.pick.headers = msg?.headers ?? req.headers
    return msg
  }

  /**
   * Runs a proxy's `http-request` rules on the session's request message (made on
   * first use, so later rules and the balancer see the changes). True when a rule
   * answered the request itself (deny, return, redirect).
   */
  private requestRules (model: ProxyModel): boolean {
    const rules = this.ctx.requestRules(model)
    if (rules.length === 0) return false
    const req = this.pick.req as RequestHead
    const msg = this.pick.msg ??= { headers: [...req.headers], method: req.method, target: req.target, status: 0, reason: '' }
    return this.answered(runHttpRules(rules, msg, this.pick))
  }

  /** Acts on a rule list's verdict; true when the proxy answered (the exchange is over). */
  private answered (v: Verdict): boolean {
    if (v === undefined || v.kind === 'allow') return false
    if (v.kind === 'deny') { this.sendError(v.status); return true }
    if (v.kind === 'tarpit') { this.tarpit(v.status); return true }
    if (v.kind === 'auth') { this.sendAuth(v.realm); return true }
    this.sendReply(v.reply)
    return true
  }

  /**
   * The server this request must go to, if any: the first `use-server` whose
   * condition holds (when that server is usable), else the persistence cookie's
   * server unless `ignore-persist` applies.
   */
  private persistServer (ex: Exchange, backend: Backend): Server | undefined {
    for (const u of this.ctx.useServers(backend.model)) {
      if (!u.cond.test(this.pick)) continue
      const s = backend.byName.get(u.server)
      if (s !== undefined && s.slot.usable) return s
    }
    if (this.ctx.ignorePersist(backend.model).some(c => c.test(this.pick))) return undefined
    return this.cookieServer(ex, backend)
  }

  /**
   * `http-request tarpit`: the client gets its error only after `timeout tarpit`
   * (HAProxy's default: `timeout connect`), reading nothing meanwhile, so an abusive
   * client spends its time waiting.
   */
  private tarpit (status: number): void {
    this.phase = 'closed'
    this.pauseClient()
    const ms = this.fe.model.timeouts.tarpit ?? this.fe.model.timeouts.connect ?? 0
    const answer = (): void => { this.phase = 'head'; this.sendError(status) }
    if (ms <= 0) { answer(); return }
    setTimeout(() => { if (!this.client.destroyed) answer() }, ms).unref()
  }

  /**
   * A server that is down or disabled but that the request's cookie names, when
   * `option persist` or a `force-persist` condition says to go there anyway.
   */
  private forcedServer (ex: Exchange, backend: Backend): Server | undefined {
    const s = backend.cookie?.serverOf(ex.msg?.headers ?? ex.req.headers)
    if (s === undefined || s.slot.usable) return undefined
    const forced = this.ctx.optionPersist(backend.model) || this.ctx.forcePersist(backend.model).some(c => c.test(this.pick))
    if (!forced) return undefined
    ex.persist.direct = s
    return s
  }

  /** The usable server the request's persistence cookie names (HAProxy ignores a cookie for a server that is down). */
  private cookieServer (ex: Exchange, backend: Backend): Server | undefined {
    const s = backend.cookie?.serverOf(ex.msg?.headers ?? ex.req.headers)
    if (s === undefined || !s.slot.usable) return undefined
    ex.persist.direct = s
    return s
  }

  private clientWantsKeepAlive (req: RequestHead): boolean {
    if (this.stopping || this.ctx.closeMode(this.fe) === 'close') return false
    if (req.connClose) return false
    return req.version === 11 || req.connKeepAlive
  }

  private pickInput (ex: Exchange): PickInput {
    this.pick.uri = ex.req.target
    this.pick.headers = ex.req.headers
    return this.pick
  }

  private connectServer (ex: Exchange, backend: Backend, preferred?: Server, avoid?: Server): void {
    ex.backend = backend
    const server = backend.acquireNow(this.pickInput(ex), preferred, avoid)
    if (server !== undefined) { this.useServer(ex, server); return }
    backend.acquireLater(preferred, (err, s) => {
      if (this.phase === 'closed') { if (s !== undefined) backend.release(s); return }
      if (err !== undefined || s === undefined) { this.serverFailed(ex, err); return }
      this.useServer(ex, s)
    })
  }

  /** With the server's slot held: an idle connection if one may be used, else a new one. */
  private useServer (ex: Exchange, server: Server): void {
    const idle = this.idleConn(ex, server)
    if (idle !== undefined) {
      ex.server = server
      ex.reused = true
      server.counters.reuses++
      this.attach(ex, idle)
      return
    }
    this.connectFresh(ex, ex.backend, server)
  }

  /**
   * `http-reuse`: the session's own last connection first; then the shared pool as
   * the mode allows. `safe` also lets a session's first request take a connection
   * that has already served a response when the request is replayable, because a
   * connection closed under it is retried on a new one (see onServerClose), which is
   * the guarantee HAProxy gets from keeping first requests on new connections.
   */
  private idleConn (ex: Exchange, server: Server): ServerConn | undefined {
    const own = this.ownConn
    if (own !== undefined) {
      this.ownConn = undefined
      if (own.owner === this && own.user === undefined && own.server === server && own.open) {
        if (!own.private_) server.dropIdle(own)
        own.idleSince = 0
        return own
      }
      if (own.private_ && own.owner === this && own.user === undefined) own.close()
    }
    if (ex.l7Retries > 0 || ex.retriedReuse) return undefined
    const reuse = ex.backend.model.httpReuse
    if (reuse === 'never') return undefined
    const later = this.requests > 1
    if (reuse === 'always' || later) return server.takeIdle(0)
    if (reuse === 'aggressive') return server.takeIdle(2)
    return ex.replayable ? server.takeIdle(1) : undefined
  }

  /** Connects to `server`, whose slot is already held, retrying as `retries` says. */
  private connectFresh (ex: Exchange, backend: Backend, server: Server): void {
    const reads = new ReadBuffer(SERVER_READ_SIZE)
    connectWithRetries({
      onread: reads.options(),
      backend,
      input: this.pickInput(ex),
      preferred: undefined,
      acquired: server,
      clientPort: this.client.localPort ?? 0,
      maxRetries: this.ctx.retryOn(backend).connFailure ? undefined : 0,
      aborted: () => this.phase === 'closed',
    }, (err, r) => {
      if (this.phase === 'closed') { if (r !== undefined) { r.socket.destroy(); backend.release(r.server) } return }
      if (err !== undefined || r === undefined) { this.serverFailed(ex, err); return }
      ex.server = r.server
      ex.reused = false
      this.attach(ex, new ServerConn(r.socket, r.server, backend.timeout('server'), reads))
    })
  }

  /** Sends the request head (and what body already arrived) on `conn`. */
  private attach (ex: Exchange, conn: ServerConn): void {
    ex.conn = conn
    conn.user = this
    conn.owner = this
    const socket = conn.socket
    const keep = this.ctx.closeMode(this.fe, ex.backend) === 'keep-alive'
    const cookie = ex.backend.cookie
    const reqHeaders = ex.msg?.headers ?? ex.req.headers
    const headers = cookie !== undefined && cookie.rewritesRequest(reqHeaders) ? cookie.requestHeaders(reqHeaders) : undefined
    const head = this.ctx.buildRequest(this.fe, ex.backend, ex.req, this.pick, keep, headers, ex.msg)
    const early = ex.early
    if (early === undefined) {
      socket.write(head)
    } else {
      socket.cork()
      socket.write(head)
      for (const b of early) this.writeBody(ex, b)
      ex.early = undefined
      socket.uncork()
    }
    if (!ex.reqDone) this.resumeClient()
  }

  private requestData (d: Buffer): void {
    const ex = this.ex
    if (ex === undefined || ex.reqDone) {
      this.holdPipelined(d)
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
    if (n < d.length) this.holdPipelined(d.subarray(n))
    if (ex.conn === undefined) {
      if (ex.early === undefined) ex.early = [body]
      else ex.early.push(body)
      return
    }
    this.writeBody(ex, body)
  }

  private writeBody (ex: Exchange, body: Buffer): void {
    const conn = ex.conn as ServerConn
    if (body.length === 0) return
    if (!conn.socket.write(body) && !ex.reqDone) {
      this.pauseClient()
      conn.socket.once('drain', () => { if (this.phase === 'request' || this.phase === 'response') this.resumeClient() })
    }
  }

  private badRequestBody (ex: Exchange): void {
    this.fe.counters.badRequests++
    ex.keepServer = false
    this.dropConn(ex)
    this.releaseServer(ex)
    if (ex.resSent === 0) this.sendError(400, this.headPass)
    else this.client.destroy()
  }

  // ---- server side (ServerConnUser) ---------------------------------------

  /** The exchange `conn` serves, or undefined when the event is stale. */
  private exOf (conn: ServerConn): Exchange | undefined {
    const ex = this.ex
    return ex !== undefined && ex.conn === conn ? ex : undefined
  }

  onServerData (conn: ServerConn, d: Buffer): boolean {
    const ex = this.exOf(conn)
    if (ex === undefined || this.phase === 'tunnel') return true
    if (ex.res === undefined) this.parseResponse(ex, ex.resBuf.length === 0 ? d : Buffer.concat([ex.resBuf, d]), d)
    else this.responseData(ex, d)
    // More of the response is due and the socket had no more for now (a read that
    // fills the buffer leaves bytes queued): the server may be holding the rest until
    // we acknowledge this part, so acknowledge it now (see net/sockopt.ts). Only then:
    // each quick ACK is one more packet for the server to process.
    if (d.length < SERVER_READ_SIZE && this.ex === ex && !ex.resDone && ex.conn === conn) this.ctx.sockopts.quickAck(conn.socket)
    return this.keepReading(conn)
  }

  /**
   * `d` lives in the connection's read buffer: while the client has not taken all
   * that was written from it, the connection reads nothing more.
   */
  private keepReading (conn: ServerConn): boolean {
    if (this.client.writableLength === 0 || conn.socket.destroyed) return true
    this.whenFlushed(() => { conn.socket.resume() })
    return false
  }

  /**
   * Runs `fn` once the client socket has written out everything queued. Not 'drain':
   * node emits that only after a write() that returned false, and a small write can
   * stay queued without one.
   */
  private whenFlushed (fn: () => void): void {
    const prev = this.flushWaiter
    this.flushWaiter = prev === undefined ? fn : () => { prev(); fn() }
  }

  private flushWaiter: (() => void) | undefined

  /** The callback of every client write that may point into a server read buffer. */
  private readonly onClientFlushed = (): void => {
    if (!this.client.destroyed && this.client.writableLength > 0) return
    const fn = this.flushWaiter
    if (fn === undefined) return
    this.flushWaiter = undefined
    fn()
  }

  /** `buf`: what came so far; `view`: the read buffer it may still be (copied if it must be kept). */
  private parseResponse (ex: Exchange, buf: Buffer, view: Buffer): void {
    for (;;) {
      const r = parseResponseHead(buf, 0, buf.length, this.limits)
      if (r === undefined) {
        ex.resBuf = buf.buffer === view.buffer ? Buffer.from(buf) : buf
        return
      }
      if (r.kind === 'error') {
        ex.resBuf = EMPTY
        if (this.retryAfter(ex, 'junk')) return
        this.badResponse(ex)
        return
      }
      const rest = r.headLength === buf.length ? EMPTY : buf.subarray(r.headLength)
      if (r.status >= 100 && r.status < 200 && r.status !== 101) {
        // Interim responses (100 Continue, 103) go to the client as they are.
        this.client.write(buf.subarray(0, r.headLength), this.onClientFlushed)
        buf = rest
        continue
      }
      ex.resBuf = EMPTY
      if (this.ctx.retryOn(ex.backend).statuses.has(r.status) && this.retryAfter(ex, 'status')) return
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
    const mode = this.ctx.closeMode(this.fe, ex.backend)
    if (mode !== 'keep-alive') ex.keepServer = false
    if (mode === 'close' || this.stopping) ex.keepClient = false
    const resMsg = this.responseRules(ex, res)
    if (resMsg === false) return
    const edit = this.responseEdit(ex, res, resMsg)
    if (ex.resRemaining === 0) {
      const head = this.ctx.buildResponse(res, req, ex.keepClient, undefined, edit)
      ex.resSent += head.length
      this.client.write(head, this.onClientFlushed)
      this.finishResponse(ex)
      return
    }
    const first = rest.length > 0 ? this.takeResponseBytes(ex, rest) : EMPTY
    if (first === undefined) return
    if (first.length <= COALESCE_MAX) {
      // Head and first body bytes in one write (and one copy at most).
      const out = this.ctx.buildResponse(res, req, ex.keepClient, first, edit)
      ex.resSent += out.length - first.length
      this.client.write(out, this.onClientFlushed)
    } else {
      const head = this.ctx.buildResponse(res, req, ex.keepClient, undefined, edit)
      ex.resSent += head.length
      this.client.writev([head, first], this.onClientFlushed)
    }
    if (ex.resDone) this.finishResponse(ex)
  }

  /**
   * `http-response` rules, the backend's then the frontend's: the response message
   * they changed, undefined without rules, or false when a rule answered instead.
   */
  private responseRules (ex: Exchange, res: ResponseHead): HttpMessage | undefined | false {
    const be = this.ctx.responseRules(ex.backend.model)
    const fe = ex.backend.model === this.fe.model ? NO_RULES : this.ctx.responseRules(this.fe.model)
    if (be.length === 0 && fe.length === 0) return undefined
    const msg: HttpMessage = { headers: [...res.headers], method: ex.req.method, target: ex.req.target, status: res.status, reason: res.reason }
    const version = res.version === 11 ? '1.1' : '1.0'
    this.pick.response = { get status () { return msg.status }, version, get headers () { return msg.headers } }
    const v = runHttpRules(be, msg, this.pick) ?? runHttpRules(fe, msg, this.pick)
    if (v === undefined || v.kind === 'allow') return msg
    // The server's response is dropped: its connection cannot serve another request.
    this.serverError(ex)
    if (v.kind === 'reply') this.sendReply(v.reply)
    else this.sendError(502)   // deny (auth and tarpit are request actions)
    return false
  }

  /** The response head's changes (rules, cookie persistence), or undefined when it goes as the server sent it. */
  private responseEdit (ex: Exchange, res: ResponseHead, msg: HttpMessage | undefined): ResponseEdit | undefined {
    const cookie = ex.backend.cookie
    const persist = cookie !== undefined && cookie.model.mode !== undefined && ex.server !== undefined
    if (!persist && msg === undefined) return undefined
    const headers = msg?.headers ?? [...res.headers]
    const added = persist ? (cookie as CookiePersistence).response(headers, ex.server as Server, ex.persist, ex.req.method, msg?.status ?? res.status) : []
    return msg === undefined ? { headers, added } : { headers, added, status: msg.status, reason: msg.reason }
  }

  private responseData (ex: Exchange, d: Buffer): void {
    const chunk = this.takeResponseBytes(ex, d)
    if (chunk === undefined) return
    this.client.write(chunk, this.onClientFlushed)
    if (ex.resDone) this.finishResponse(ex)
  }

  /** Accounts for response body bytes: the part that belongs to this response, or undefined after an error. */
  private takeResponseBytes (ex: Exchange, d: Buffer): Buffer | undefined {
    let n = d.length
    if (ex.resChunks !== undefined) {
      n = ex.resChunks.scan(d, 0, d.length)
      if (ex.resChunks.error !== undefined) { this.truncatedResponse(ex); return undefined }
      if (ex.resChunks.done) ex.resDone = true
    } else if (!ex.resUntilClose) {
      if (n > ex.resRemaining) n = ex.resRemaining
      ex.resRemaining -= n
      if (ex.resRemaining === 0) ex.resDone = true
    }
    if (n < d.length) ex.keepServer = false
    ex.resSent += n
    return n === d.length ? d : n === 0 ? EMPTY : d.subarray(0, n)
  }

  private finishResponse (ex: Exchange): void {
    ex.resDone = true
    const conn = ex.conn
    if (conn !== undefined) {
      if (!ex.keepServer || !ex.reqDone || ex.server === undefined) conn.close()
      else if (this.client.writableLength > 0) this.parkWhenFlushed(ex, conn)
      else this.parkServerConn(ex, conn)
    }
    this.releaseServer(ex)
    this.ex = undefined
    if (!ex.keepClient || !ex.reqDone) {
      this.phase = 'closed'
      this.client.end(true)
      return
    }
    this.phase = 'head'
    this.armHeadTimer(false)
    this.resumeClient()
    if (this.buf.length > 0) this.parseHead()
  }

  /**
   * The connection's read buffer still backs bytes queued for this client: it may
   * serve another request only once they are gone (or the client is).
   */
  private parkWhenFlushed (ex: Exchange, conn: ServerConn): void {
    conn.user = undefined
    this.whenFlushed(() => {
      if (this.client.destroyed || !conn.open) { conn.close(); return }
      conn.socket.resume()
      this.parkServerConn(ex, conn)
    })
  }

  /** A finished keep-alive server connection becomes idle: the session's own, and the shared pool's. */
  private parkServerConn (ex: Exchange, conn: ServerConn): void {
    conn.user = undefined
    conn.uses++
    const own = this.ownConn
    // The session keeps one connection; a previous private one is closed, a pooled one stays pooled.
    if (own !== undefined && own !== conn && own.private_ && own.owner === this && own.user === undefined) own.close()
    this.ownConn = conn
    conn.private_ = ex.backend.model.httpReuse === 'never'
    if (!conn.private_) conn.server.putIdle(conn, this.ctx.maxIdlePerServer, Date.now())
  }

  onServerEnd (conn: ServerConn): void {
    const ex = this.exOf(conn)
    if (ex === undefined) { conn.close(); return }
    if (ex.res !== undefined && ex.resUntilClose) {
      ex.resDone = true
      ex.keepServer = false
      this.finishResponse(ex)
      return
    }
    conn.socket.destroy()
  }

  onServerClose (conn: ServerConn): void {
    const ex = this.exOf(conn)
    if (ex === undefined || ex.resDone) return
    ex.keepServer = false
    if (ex.res !== undefined) { this.truncatedResponse(ex); return }
    const nothing = ex.resBuf.length === 0
    // A reused connection closed under the request: an idempotent request without a
    // body is sent again once on a new one (HAProxy's reason to keep first requests
    // on new connections); others get the 502, as only the client may replay them.
    if (ex.reused && !ex.retriedReuse && nothing && ex.replayable && ex.server !== undefined) {
      ex.retriedReuse = true
      const server = ex.server
      ex.conn = undefined
      ex.reused = false
      ex.keepServer = true
      this.connectFresh(ex, ex.backend, server)
      return
    }
    if (this.retryAfter(ex, nothing ? 'empty' : 'junk')) return
    this.badResponse(ex)
  }

  onServerTimeout (conn: ServerConn): void {
    const ex = this.exOf(conn)
    if (ex === undefined) { conn.close(); return }
    ex.keepServer = false
    if (ex.res === undefined && this.retryAfter(ex, 'timeout')) return
    this.serverError(ex)
    if (ex.resSent === 0) this.sendError(504)
    else this.client.destroy()
  }

  /**
   * `retry-on` (HAProxy's L7 retries): a replayable request whose response failed
   * before anything reached the client goes again, to the same server or, with
   * `option redispatch`, to another, within `retries`. True when it was retried.
   */
  private retryAfter (ex: Exchange, why: 'empty' | 'junk' | 'timeout' | 'status'): boolean {
    const on = this.ctx.retryOn(ex.backend)
    const wanted = why === 'empty' ? on.emptyResponse : why === 'junk' ? on.junkResponse : why === 'timeout' ? on.responseTimeout : true
    const server = ex.server
    if (!wanted || !ex.replayable || ex.resSent > 0 || server === undefined || ex.msg?.noL7Retry === true) return false
    const max = ex.backend.model.retries
    if (ex.l7Retries >= max) return false
    ex.l7Retries++
    server.counters.retries++
    ex.keepServer = false
    this.dropConn(ex)
    this.releaseServer(ex)
    ex.released = false
    ex.server = undefined
    ex.res = undefined
    ex.resBuf = EMPTY
    ex.keepServer = true
    const redispatch = shouldRedispatch(ex.backend, ex.l7Retries, max, false)
    if (redispatch) server.counters.redispatches++
    this.connectServer(ex, ex.backend, redispatch ? undefined : server, redispatch ? server : undefined)
    return true
  }

  private badResponse (ex: Exchange): void {
    this.serverError(ex)
    if (ex.resSent === 0) this.sendError(502)
    else this.client.destroy()
  }

  /** The server died mid-response: this client gets a clean abort, nobody else notices. */
  private truncatedResponse (ex: Exchange): void {
    this.serverError(ex)
    this.phase = 'closed'
    this.client.destroy()
  }

  /** The response failed on the server's side: its connection goes, the error is counted, the slot freed. */
  private serverError (ex: Exchange): void {
    ex.keepServer = false
    this.dropConn(ex)
    if (ex.server !== undefined) ex.server.counters.responseErrors++
    this.releaseServer(ex)
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

  /** Closes the exchange's server connection without hearing back from it. */
  private dropConn (ex: Exchange): void {
    const conn = ex.conn
    if (conn === undefined) return
    ex.conn = undefined
    conn.close()
  }

  private releaseServer (ex: Exchange): void {
    if (ex.released || ex.server === undefined) return
    ex.released = true
    ex.backend.release(ex.server)
  }

  // ---- tunnel (Upgrade, CONNECT) -----------------------------------------

  private startTunnel (ex: Exchange, res: ResponseHead, rest: Buffer): void {
    this.phase = 'tunnel'
    ex.keepServer = false
    this.client.write(writeResponseHead(res.version, res.status, res.reason, res.headers))
    // `rest` is in the server connection's read buffer: copied, as the tunnel reads on.
    if (rest.length > 0) this.client.write(Buffer.from(rest))
    const conn = (ex.conn as ServerConn).detach(this.client)
    if (this.buf.length > 0) { conn.write(this.buf); this.buf = EMPTY }
    const client = this.client
    // `timeout tunnel` replaces both sides' timeouts; without it, `timeout client` and
    // `timeout server` keep applying to their side, as in HAProxy.
    const tunnel = this.fe.timeout('tunnel') || ex.backend.timeout('tunnel')
    const kill = (): void => { client.destroy(); conn.destroy() }
    const st = tunnel || ex.backend.timeout('server')
    client.setTimeout(tunnel || this.fe.timeout('client'))
    conn.setTimeout(st, st > 0 ? kill : undefined)
    conn.once('close', () => { this.releaseServer(ex); client.end(true) })
    // Server to client goes through the connection's read buffer (see ServerConn.detach).
    conn.once('end', () => client.end())
    client.user = relayToServer(client, conn, () => undefined, () => { this.onConnClose(); conn.destroy() }, kill)
    this.clientPaused = false
    client.resume()
    conn.resume()
  }

  // ---- answers -----------------------------------------------------------

  /**
   * Sends an answer a rule made (return, redirect, deny with a body). Like HAProxy,
   * the connection stays open when the request rules answered a request without a
   * body and the client keeps alive; otherwise it closes after the answer.
   */
  private sendReply (r: Reply): void {
    let head = `HTTP/1.1 ${r.status} ${r.reason}\r\n`
    for (let i = 0; i < r.headers.length; i += 2) head += `${r.headers[i] as string}: ${r.headers[i + 1] as string}\r\n`
    this.sendAnswer(head, Buffer.from(r.body, 'latin1'))
  }

  /** `http-request auth`: HAProxy's 401 page (or its errorfile) with the realm to log in to. */
  private sendAuth (realm: string): void {
    const page = this.ctx.errorPage(this.fe, this.fe.backend, 401)
    const end = page.indexOf('\r\n\r\n')
    const head = page.subarray(0, end + 2).toString('latin1') + `www-authenticate: Basic realm="${realm}"\r\n`
    this.sendAnswer(head, page.subarray(end + 4))
  }

  /** `early-hint`: a 103 with the rules' headers, before the server's answer (HTTP/1.1 clients only). */
  private sendEarlyHints (h: readonly string[]): void {
    if (this.pick.req?.version !== 11) return
    let head = 'HTTP/1.1 103 Early Hints\r\n'
    for (let i = 0; i < h.length; i += 2) head += `${h[i] as string}: ${h[i + 1] as string}\r\n`
    this.client.write(Buffer.from(head + '\r\n', 'latin1'))
  }

  /** `head`: status line and header lines, each ending in CRLF. */
  private sendAnswer (head: string, body: Buffer): void {
    if (this.phase === 'closed') return
    const ex = this.ex
    if (ex !== undefined) { this.dropConn(ex); this.releaseServer(ex) }
    const req = this.pick.req
    const keep = ex === undefined && req !== undefined && !req.chunked && req.contentLength <= 0 && this.clientWantsKeepAlive(req)
    if (!keep) head += 'connection: close\r\n'
    else if (req.version === 10) head += 'connection: keep-alive\r\n'
    const out = Buffer.concat([Buffer.from(head + '\r\n', 'latin1'), body])
    if (!keep) {
      this.phase = 'closed'
      this.client.endWith(out)
      return
    }
    this.client.write(out)
    this.buf = req.headLength === this.buf.length ? EMPTY : this.buf.subarray(req.headLength)
    this.phase = 'head'
    this.armHeadTimer(false)
    if (this.buf.length > 0) this.parseHead()
  }

  /**
   * Sends one of the proxy's own answers and closes the connection. `mux`: the error
   * was found while reading a request head (with what came in the same read), before
   * HAProxy would have created a stream, so the h1 mux's raw answer goes out.
   */
  sendError (status: number, mux = false): void {
    if (this.phase === 'closed') return
    const ex = this.ex
    if (ex !== undefined) {
      this.dropConn(ex)
      this.releaseServer(ex)
    }
    this.phase = 'closed'
    this.ctx.events.errorSent(this.fe, status)
    this.client.endWith(mux ? this.ctx.muxErrorPage(this.fe, status) : this.ctx.errorPage(this.fe, ex?.backend, status))
  }

  private abort (): void {
    const ex = this.ex
    if (ex !== undefined) {
      ex.keepServer = false
      this.dropConn(ex)
      this.releaseServer(ex)
    }
    this.phase = 'closed'
    this.client.destroy()
  }
}

/**
 * What HTTP sessions share, compiled once at load: limits, connection modes,
 * header rewriting for each side (hop-by-hop headers, forwardfor, originalto),
 * error pages and routing.
 * HAProxy reference: src/http_ana.c (connection mode, X-Forwarded-For), src/h1_htx.c
 */
import type { Socket } from 'node:net'
import type { ProxyModel } from '@switchyard/config'
import { writeRequestHead, writeResponseHead, type HeadLimits, type RequestHead, type ResponseHead } from '../mux/h1-parse.js'
import type { Frontend } from '../frontend.js'
import type { Backend } from '../backend/backend.js'
import { ErrorPages } from '../http/errors.js'
import { compileAddressHeader, displayAddress, type AddressHeader } from '../http/forwarded.js'
import type { DataplaneError } from '../errors.js'
import type { HttpSession } from './http-session.js'

export type CloseMode = 'keep-alive' | 'server-close' | 'close'

export type HttpEvents = {
  badRequest: (fe: Frontend, reason: string) => void
  noServer: (be: Backend, err: DataplaneError | undefined) => void
  errorSent: (fe: Frontend, status: number) => void
}

type ProxyHttp = {
  readonly mode: CloseMode
  readonly forwardfor: AddressHeader | undefined
  readonly originalto: AddressHeader | undefined
  readonly errors: ErrorPages
}

/** Connection, Keep-Alive, Proxy-Connection: each side gets the proxy's own. Lengths first: no allocation for other names. */
function isHopByHop (name: string): boolean {
  const n = name.length
  if (n !== 10 && n !== 16) return false
  const l = name.toLowerCase()
  return l === 'connection' || l === 'keep-alive' || l === 'proxy-connection'
}

export class HttpProxyContext {
  readonly limits: HeadLimits
  /** How long an idle server connection stays in the pool (HAProxy's pool-purge-delay). */
  readonly idleTimeout = 5000
  readonly maxIdlePerServer = 256
  /** Keyed by the model object: a lookup per use, no string building on the request path. */
  private readonly proxies = new WeakMap<ProxyModel, ProxyHttp>()

  constructor (bufsize: number, maxrewrite: number, maxHeaders: number, readonly events: HttpEvents) {
    this.limits = { maxHead: bufsize - maxrewrite, maxHeaders }
  }

  /** Compiles one proxy's HTTP settings (frontends and backends alike). */
  addProxy (model: ProxyModel): void {
    this.proxies.set(model, {
      mode: closeModeOf(model),
      forwardfor: compileAddressHeader(model.forwardfor),
      originalto: compileAddressHeader(model.originalto),
      errors: new ErrorPages(model),
    })
  }

  private of (model: ProxyModel): ProxyHttp {
    const p = this.proxies.get(model)
    if (p === undefined) throw new Error(`proxy '${model.name}' was not compiled for HTTP`)
    return p
  }

  /** The most restrictive of the frontend's and the backend's connection modes, as HAProxy combines them. */
  closeMode (fe: Frontend, be?: Backend): CloseMode {
    const a = this.of(fe.model).mode
    const b = be === undefined ? 'keep-alive' : this.of(be.model).mode
    if (a === 'close' || b === 'close') return 'close'
    if (a === 'server-close' || b === 'server-close') return 'server-close'
    return 'keep-alive'
  }

  /** Picks the backend for a request; use_backend conditions arrive with the rules engine. */
  route (_session: HttpSession, _req: RequestHead, dflt: Backend, cb: (be: Backend) => void): void {
    cb(dflt)
  }

  buildRequest (fe: Frontend, be: Backend, req: RequestHead, client: Socket, keepServer: boolean): Buffer {
    const out: string[] = []
    const h = req.headers
    for (let i = 0; i < h.length; i += 2) {
      const name = h[i] as string
      if (isHopByHop(name)) continue
      out.push(name, h[i + 1] as string)
    }
    if (req.upgrade !== undefined) out.push('Connection', 'upgrade')
    else if (!keepServer) out.push('Connection', 'close')
    else if (req.version === 10) out.push('Connection', 'keep-alive')
    const bp = this.of(be.model)
    const fp = this.of(fe.model)
    const ff = bp.forwardfor ?? fp.forwardfor
    if (ff !== undefined) this.addAddress(out, ff, displayAddress(client.remoteAddress), h)
    const ot = bp.originalto ?? fp.originalto
    if (ot !== undefined) this.addAddress(out, ot, displayAddress(client.localAddress), h)
    return writeRequestHead(req.method, req.target, req.version, out)
  }

  private addAddress (out: string[], spec: AddressHeader, ip: string, orig: readonly string[]): void {
    if (ip === '' || spec.excepted(ip)) return
    if (spec.ifNone && hasHeader(orig, spec.lowerHeader)) return
    out.push(spec.header, ip)
  }

  buildResponse (res: ResponseHead, req: RequestHead, keepClient: boolean): Buffer {
    const out: string[] = []
    const h = res.headers
    for (let i = 0; i < h.length; i += 2) {
      const name = h[i] as string
      if (isHopByHop(name)) continue
      out.push(name, h[i + 1] as string)
    }
    if (!keepClient) out.push('connection', 'close')
    else if (req.version === 10) out.push('connection', 'keep-alive')
    return writeResponseHead(res.version, res.status, res.reason, out)
  }

  /** A stream-level answer: the backend's errorfile when the error concerns it, else the frontend's. */
  errorPage (fe: Frontend, be: Backend | undefined, status: number): Buffer {
    if (be !== undefined && be.model.errorfiles[status] !== undefined) return this.of(be.model).errors.get(status)
    return this.of(fe.model).errors.get(status)
  }

  /** What the h1 mux answers to a bad or late request head (HAProxy's raw bytes, or nothing). */
  muxErrorPage (fe: Frontend, status: number): Buffer {
    return this.of(fe.model).errors.mux(status)
  }
}

function closeModeOf (model: ProxyModel): CloseMode {
  const o = model.options
  if (o['httpclose']?.enabled === true) return 'close'
  if (o['http-server-close']?.enabled === true) return 'server-close'
  return 'keep-alive'
}

function hasHeader (h: readonly string[], lower: string): boolean {
  for (let i = 0; i < h.length; i += 2) if ((h[i] as string).toLowerCase() === lower) return true
  return false
}

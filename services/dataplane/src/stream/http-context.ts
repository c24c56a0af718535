/**
 * What HTTP sessions share, compiled once at load: limits, connection modes,
 * header rewriting for each side (hop-by-hop headers, forwardfor, originalto),
 * error pages and routing.
 * HAProxy reference: src/http_ana.c (connection mode, X-Forwarded-For), src/h1_htx.c
 */
import type { SocketOptions } from '../net/sockopt.js'
import { compileCondition, compileHttpRule, redirectKeywordAsRule, type AclTable, type Condition, type HttpMessage, type HttpRule, type Phase } from '@switchyard/rules'
import { DataplaneError, ErrorCode } from '../errors.js'
import type { ProxyModel, RawCondition } from '@switchyard/config'
import type { ProxyState, UserlistView } from '@switchyard/types'
import type { HeadLimits, RawHead, RequestHead, ResponseHead } from '../mux/h1-parse.js'
import type { Frontend } from '../frontend.js'
import type { Backend } from '../backend/backend.js'
import { ErrorPages } from '../http/errors.js'
import { compileAddressHeader, displayAddress, type AddressHeader } from '../http/forwarded.js'

export type CloseMode = 'keep-alive' | 'server-close' | 'close'

export type HttpEvents = {
  badRequest: (fe: Frontend, reason: string) => void
  noServer: (be: Backend, err: DataplaneError | undefined) => void
  errorSent: (fe: Frontend, status: number) => void
}

export type ClientAddresses = { readonly src: string; readonly dst: string }

/** `retry-on`, compiled: which failures of a replayable request are tried again. */
export type RetryOn = {
  readonly connFailure: boolean
  readonly emptyResponse: boolean
  readonly junkResponse: boolean
  readonly responseTimeout: boolean
  readonly statuses: ReadonlySet<number>
}

type ProxyHttp = {
  readonly mode: CloseMode
  readonly retryOn: RetryOn
  readonly forwardfor: AddressHeader | undefined
  readonly originalto: AddressHeader | undefined
  readonly errors: ErrorPages
  /** `http-request` and `http-response` rules, compiled at load. */
  readonly requestRules: readonly HttpRule[]
  readonly responseRules: readonly HttpRule[]
  /** `use-server NAME if COND` and `ignore-persist if COND` (backends). */
  readonly useServers: readonly { readonly server: string; readonly cond: Condition }[]
  readonly ignorePersist: readonly Condition[]
  /** `force-persist if COND`, and `option persist` (always). */
  readonly forcePersist: readonly Condition[]
  readonly optionPersist: boolean
}

/** Connection, Keep-Alive, Proxy-Connection: each side gets the proxy's own. Lengths first: no allocation for other names. */
function isHopByHop (name: string): boolean {
  const n = name.length
  if (n !== 10 && n !== 16) return false
  const l = name.toLowerCase()
  return l === 'connection' || l === 'keep-alive' || l === 'proxy-connection'
}

/** A response head changed by the proxy: the server's headers rewritten, and added lines. */
export type ResponseEdit = { readonly headers: readonly string[]; readonly added: readonly string[]; readonly status?: number; readonly reason?: string }

/** No rules (shared, so looking up a proxy without rules allocates nothing). */
export const NO_RULES: readonly HttpRule[] = []

export class HttpProxyContext {
  /** The proxies' live state, for rules (set by the data plane once its proxies exist). */
  liveState: ProxyState | undefined
  /** The config's userlists, by name (http_auth). */
  readonly userlists = new Map<string, UserlistView>()
  /** `proc.*` variables: one set per data plane. */
  readonly procVars = new Map<string, string | number | boolean>()
  readonly limits: HeadLimits
  /** How long an idle server connection stays in the pool (HAProxy's pool-purge-delay). */
  readonly idleTimeout = 5000
  readonly maxIdlePerServer = 256
  /** Keyed by the model object: a lookup per use, no string building on the request path. */
  private readonly proxies = new WeakMap<ProxyModel, ProxyHttp>()

  constructor (bufsize: number, maxrewrite: number, maxHeaders: number, readonly events: HttpEvents, readonly sockopts: SocketOptions) {
    this.limits = { maxHead: bufsize - maxrewrite, maxHeaders }
  }

  /** Compiles one proxy's HTTP settings (frontends and backends alike). */
  /** `acls`: the proxy's compiled ACLs, which its rules name. */
  addProxy (model: ProxyModel, acls: AclTable): void {
    this.proxies.set(model, {
      mode: closeModeOf(model),
      retryOn: compileRetryOn(model.retryOn),
      forwardfor: compileAddressHeader(model.forwardfor),
      originalto: compileAddressHeader(model.originalto),
      errors: new ErrorPages(model),
      requestRules: compileRules(model, 'http-request', 'request', acls),
      responseRules: compileRules(model, 'http-response', 'response', acls),
      ...compilePersistRules(model, acls),
    })
  }

  useServers (model: ProxyModel): ProxyHttp['useServers'] { return this.of(model).useServers }
  ignorePersist (model: ProxyModel): readonly Condition[] { return this.of(model).ignorePersist }
  forcePersist (model: ProxyModel): readonly Condition[] { return this.of(model).forcePersist }
  optionPersist (model: ProxyModel): boolean { return this.of(model).optionPersist }

  requestRules (model: ProxyModel): readonly HttpRule[] { return this.of(model).requestRules }
  responseRules (model: ProxyModel): readonly HttpRule[] { return this.of(model).responseRules }

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
  retryOn (be: Backend): RetryOn {
    return this.of(be.model).retryOn
  }

  /**
   * The request head as sent to the server: the client's headers in order and case,
   * minus hop-by-hop ones, plus this side's Connection and the address headers.
   * `addrs`: the client connection's addresses, read only when a header needs them.
   */
  /** `msg`: the request as rules changed it; `headers`: its headers as cookie persistence changed them. */
  buildRequest (fe: Frontend, be: Backend, req: RequestHead, addrs: ClientAddresses, keepServer: boolean, headers?: readonly string[], msg?: HttpMessage): Buffer {
    const bp = this.of(be.model)
    const fp = this.of(fe.model)
    const ff = bp.forwardfor ?? fp.forwardfor
    const ot = bp.originalto ?? fp.originalto
    if (req.raw !== undefined && headers === undefined && msg === undefined && keepServer && req.version === 11 && req.upgrade === undefined && ff === undefined && ot === undefined) {
      return withoutHop(req.raw)
    }
    const h = headers ?? msg?.headers ?? req.headers
    let s = (msg?.method ?? req.method) + ' ' + (msg?.target ?? req.target) + (req.version === 11 ? ' HTTP/1.1\r\n' : ' HTTP/1.0\r\n') + endToEndLines(h)
    if (req.upgrade !== undefined) s += 'Connection: upgrade\r\n'
    else if (!keepServer) s += 'Connection: close\r\n'
    else if (req.version === 10) s += 'Connection: keep-alive\r\n'
    if (ff !== undefined) s += addressLine(ff, displayAddress(addrs.src), h)
    if (ot !== undefined) s += addressLine(ot, displayAddress(addrs.dst), h)
    return Buffer.from(s + '\r\n', 'latin1')
  }

  /** The response head for the client, followed by `body` (the first body bytes) when given. */
  /** `edit`: headers replacing the server's (a rewritten copy) and lines added after them. */
  buildResponse (res: ResponseHead, req: RequestHead, keepClient: boolean, body?: Buffer, edit?: ResponseEdit): Buffer {
    if (res.raw !== undefined && edit === undefined && keepClient && req.version === 11) return withoutHop(res.raw, body)
    let s = (res.version === 11 ? 'HTTP/1.1 ' : 'HTTP/1.0 ') + (edit?.status ?? res.status) + ' ' + (edit?.reason ?? res.reason) + '\r\n' + endToEndLines(edit?.headers ?? res.headers)
    if (edit !== undefined) s += endToEndLines(edit.added)
    if (!keepClient) s += 'connection: close\r\n'
    else if (req.version === 10) s += 'connection: keep-alive\r\n'
    const head = Buffer.from(s + '\r\n', 'latin1')
    return body === undefined || body.length === 0 ? head : Buffer.concat([head, body], head.length + body.length)
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

/**
 * A canonical head's bytes minus its hop-by-hop lines (the head as the proxy would
 * write it), then `body`. Without hop-by-hop lines and with the body right behind the
 * head in the same receive buffer, that is a view of that buffer: no copy at all.
 */
function withoutHop (raw: RawHead, body?: Buffer): Buffer {
  const hop = raw.hop
  const b = raw.bytes
  const bodyLen = body === undefined ? 0 : body.length
  if (hop.length === 0) {
    if (bodyLen === 0) return b
    const bb = body as Buffer
    if (bb.buffer === b.buffer && b.byteOffset + b.length === bb.byteOffset) return Buffer.from(b.buffer, b.byteOffset, b.length + bodyLen)
  }
  let len = b.length + bodyLen
  for (let k = 0; k < hop.length; k += 2) len -= (hop[k + 1] as number) - (hop[k] as number)
  const out = Buffer.allocUnsafe(len)
  let at = 0
  let pos = 0
  for (let k = 0; k < hop.length; k += 2) {
    pos += b.copy(out, pos, at, hop[k] as number)
    at = hop[k + 1] as number
  }
  pos += b.copy(out, pos, at)
  if (bodyLen > 0) out.set(body as Buffer, pos)
  return out
}

/** The header lines of a flat list, hop-by-hop ones left out: each side writes its own. */
function endToEndLines (h: readonly string[]): string {
  let s = ''
  for (let i = 0; i < h.length; i += 2) {
    const name = h[i] as string
    if (isHopByHop(name)) continue
    s += name + ': ' + (h[i + 1] as string) + '\r\n'
  }
  return s
}

function addressLine (spec: AddressHeader, ip: string, orig: readonly string[]): string {
  if (ip === '' || spec.excepted(ip)) return ''
  if (spec.ifNone && hasHeader(orig, spec.lowerHeader)) return ''
  return spec.header + ': ' + ip + '\r\n'
}

/** HAProxy's default is `conn-failure`; `none` turns even connection retries off. Words are checked at load. */
function compileRetryOn (words: readonly string[]): RetryOn {
  const list = words.length === 0 ? ['conn-failure'] : words
  const all = list.includes('all-retryable-errors')
  const statuses = new Set<number>()
  for (const w of list) if (/^\d{3}$/.test(w)) statuses.add(Number(w))
  if (all) for (const c of [500, 502, 503, 504]) statuses.add(c)
  return {
    connFailure: all || list.includes('conn-failure'),
    emptyResponse: all || list.includes('empty-response'),
    junkResponse: all || list.includes('junk-response'),
    responseTimeout: all || list.includes('response-timeout'),
    statuses,
  }
}

function hasHeader (h: readonly string[], lower: string): boolean {
  for (let i = 0; i < h.length; i += 2) if ((h[i] as string).toLowerCase() === lower) return true
  return false
}

/** Compiles a proxy's rules of one kind (the config check and unsupported.ts have vetted them). */
function compileRules (model: ProxyModel, key: string, phase: Phase, acls: AclTable): HttpRule[] {
  // The `redirect` keyword runs after the http-request rules, as in HAProxy.
  const redirects = phase === 'request' ? (model.rules['redirect'] ?? []).map(l => ({ words: redirectKeywordAsRule(l.words), loc: l.loc })) : []
  const lines = [...(model.rules[key] ?? []), ...redirects]
  if (lines.length === 0) return []
  return lines.map(l => {
    const r = compileHttpRule(l.words, phase, acls)
    if (!r.ok) throw new DataplaneError(ErrorCode.Config, `parsing [${l.loc.file}:${l.loc.line}] : ${r.reason}`)
    return r.value
  })
}

/** A backend's `use-server`, `ignore-persist` and `force-persist` conditions, and `option persist`. */
function compilePersistRules (model: ProxyModel, acls: AclTable): Pick<ProxyHttp, 'useServers' | 'ignorePersist' | 'forcePersist' | 'optionPersist'> {
  const ignore = model.rules['ignore-persist'] ?? []
  const force = model.rules['force-persist'] ?? []
  const optionPersist = model.options['persist']?.enabled === true
  if (model.useServers.length === 0 && ignore.length === 0 && force.length === 0) return { useServers: [], ignorePersist: [], forcePersist: [], optionPersist }
  const cond = (polarity: 'if' | 'unless', words: readonly string[], loc: { file: string; line: number }): Condition => {
    const c = compileCondition(polarity, words, acls)
    if (!c.ok) throw new DataplaneError(ErrorCode.Config, `parsing [${loc.file}:${loc.line}] : ${c.reason}`)
    return c.value
  }
  return {
    useServers: model.useServers.map(u => ({ server: u.server, cond: cond((u.cond as RawCondition).polarity, (u.cond as RawCondition).words, u.loc) })),
    ignorePersist: ignore.map(l => cond(l.words[1] as 'if' | 'unless', l.words.slice(2), l.loc)),
    forcePersist: force.map(l => cond(l.words[1] as 'if' | 'unless', l.words.slice(2), l.loc)),
    optionPersist,
  }
}

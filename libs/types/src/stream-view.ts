/**
 * What rules (libs/rules sample fetches) read from a stream: the client
 * connection, the proxies, and the HTTP messages. The data plane implements it;
 * the rules engine never sees a socket, so it can be tested without one.
 * HAProxy reference: include/haproxy/sample-t.h struct sample (the smp->strm view)
 */
export interface StreamView {
  /** Client address and port, and the address and port it connected to. */
  readonly src: string
  readonly srcPort: number
  readonly dst: string
  readonly dstPort: number
  readonly frontend: string
  /** The backend chosen so far (undefined before use_backend ran). */
  readonly backend: string | undefined
  readonly request: HttpRequestView | undefined
  readonly response: HttpResponseView | undefined
  /** Live state of the proxies, for nbsrv, be_conn, queue, srv_is_up... (absent in tests that need none). */
  readonly proxies?: ProxyState
  /** Variables (`set-var`, `var()`), by full name: `proc.x`, `sess.x`, `txn.x`, `req.x`, `res.x`. */
  readonly vars?: VarStore
  /** Client bytes held for `tcp-request content` inspection (req.len, req.ssl_sni...). */
  readonly payload?: Buffer
  /** The config's userlists by name, for http_auth() and http_auth_group(). */
  readonly userlist?: (name: string) => UserlistView | undefined
}

export interface UserlistView {
  /** Whether `password` is this user's. */
  verify (user: string, password: string): boolean
  /** The user's groups (from `user ... groups` and `group ... users`). */
  groupsOf (user: string): readonly string[]
}

export interface VarStore {
  get (name: string): string | number | boolean | undefined
  set (name: string, value: string | number | boolean): void
  unset (name: string): void
}

/** What the rules may ask about backends and frontends right now. Unknown names give undefined. */
export interface ProxyState {
  /** Servers of a backend that can take traffic (HAProxy's nbsrv). */
  usableServers (backend: string): number | undefined
  /** Connections a backend's servers are serving (be_conn). */
  backendConns (backend: string): number | undefined
  /** Requests waiting in a backend's queues (queue). */
  queued (backend: string): number | undefined
  /** Free connection slots plus free queue slots of a backend's usable servers; -1 when unlimited (connslots). */
  connSlots (backend: string): number | undefined
  serverUp (backend: string, server: string): boolean | undefined
  /** Connections open on a frontend (fe_conn). */
  frontendConns (frontend: string): number | undefined
}

export interface HttpRequestView {
  readonly method: string
  /** The request target as received (origin form or absolute form). */
  readonly target: string
  /** "1.0" or "1.1". */
  readonly version: string
  /** Flat [name, value, ...], names as sent. */
  readonly headers: readonly string[]
}

export interface HttpResponseView {
  readonly status: number
  readonly version: string
  readonly headers: readonly string[]
}

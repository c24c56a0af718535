/**
 * The checked configuration model that every service reads. Plain data (no
 * classes, no functions) so a config can be cloned, sent to a new worker, and
 * swapped atomically. Keyword parsers fill it; check.ts validates it.
 */
import type { Address, Millis } from '@switchyard/types'

/** Where a line came from, for diagnostics and for runtime messages. */
export type Loc = { readonly file: string; readonly line: number; readonly column?: number }

export type ProxyMode = 'http' | 'tcp' | 'log' | 'spop'
export type ProxyCap = 'defaults' | 'frontend' | 'backend' | 'listen'

export const TIMEOUT_NAMES = [
  'client', 'server', 'connect', 'queue', 'tunnel', 'http-request', 'http-keep-alive',
  'check', 'client-fin', 'server-fin', 'tarpit',
] as const
export type TimeoutName = typeof TIMEOUT_NAMES[number]

/** A rule or declaration kept as words, compiled by libs/rules at load. */
export type RawLine = { readonly words: readonly string[]; readonly loc: Loc }

/** `if|unless` condition words, split off a rule by the keyword that owns it. */
export type RawCondition = { readonly polarity: 'if' | 'unless'; readonly words: readonly string[] }

export type BindModel = {
  readonly addresses: readonly Address[]
  readonly loc: Loc
  /** Bind options by name (`ssl`, `crt`, `alpn`, `mode`, `name`, ...). Multi-valued ones are arrays. */
  options: Record<string, string | boolean | number | string[]>
}

export type ServerModel = {
  readonly name: string
  /** Undefined for `server s1 ip@` style dynamic-only servers is not supported: always set. */
  address: Address
  readonly loc: Loc
  /** `id` or the position (1-based) among the backend's servers. */
  id: number
  weight: number
  maxconn: number
  maxqueue: number
  minconn: number
  backup: boolean
  disabled: boolean
  check: boolean
  cookie?: string
  inter: Millis
  fastinter?: Millis
  downinter?: Millis
  rise: number
  fall: number
  /** Other server options by name (ssl, verify, sni, agent-check, slowstart, ...). */
  options: Record<string, string | boolean | number | string[]>
}

/** `default-server` settings; a server starts from a copy of these. */
export type ServerDefaults = Omit<ServerModel, 'name' | 'address' | 'loc' | 'id'>

export type BalanceModel = { readonly algorithm: string; readonly args: readonly string[] }

export type CookieModel = {
  readonly name: string
  readonly mode: 'insert' | 'rewrite' | 'prefix' | undefined
  readonly indirect: boolean
  readonly nocache: boolean
  readonly postonly: boolean
  readonly preserve: boolean
  readonly httponly: boolean
  readonly secure: boolean
  readonly domains: readonly string[]
  readonly maxidle?: Millis
  readonly maxlife?: Millis
  readonly dynamic: boolean
  readonly attrs: readonly string[]
}

/** An `option NAME [args]` setting: enabled, disabled with `no option`, and its arguments. */
export type OptionModel = { readonly enabled: boolean; readonly args: readonly string[]; readonly loc: Loc }

export type ForwardForModel = { readonly except?: string; readonly header: string; readonly ifNone: boolean }

export type StatsModel = {
  enabled: boolean
  uri?: string
  refresh?: Millis
  realm?: string
  auth: string[]
  hideVersion: boolean
  showLegends: boolean
  showNode?: string
  showDesc?: string
  scope: string[]
  admin: RawCondition[]
  lines: RawLine[]
}

export type StickTableModel = {
  readonly type: 'ip' | 'ipv6' | 'integer' | 'string' | 'binary'
  readonly len?: number
  readonly size: number
  readonly expire?: Millis
  readonly peers?: string
  readonly nopurge: boolean
  readonly store: readonly string[]
  readonly loc: Loc
}

export type HttpReuse = 'never' | 'safe' | 'aggressive' | 'always'

export type ProxyModel = {
  readonly name: string
  readonly cap: ProxyCap
  readonly loc: Loc
  /** Name of the defaults section this proxy inherited from ('' for an anonymous one). */
  from?: string
  mode: ProxyMode
  disabled: boolean
  id?: number
  description?: string
  binds: BindModel[]
  maxconn?: number
  backlog?: number
  fullconn?: number
  retries: number
  timeouts: Partial<Record<TimeoutName, Millis>>
  options: Record<string, OptionModel>
  forwardfor?: ForwardForModel
  originalto?: ForwardForModel
  balance?: BalanceModel
  hashType?: { readonly method: string; readonly fn: string; readonly modifier?: string }
  hashBalanceFactor?: number
  servers: ServerModel[]
  defaultServer: ServerDefaults
  cookie?: CookieModel
  defaultBackend?: string
  defaultBackendLoc?: Loc
  useBackends: { readonly backend: string; readonly cond?: RawCondition; readonly loc: Loc }[]
  useServers: { readonly server: string; readonly cond?: RawCondition; readonly loc: Loc }[]
  acls: RawLine[]
  /** Rules by keyword (`http-request`, `tcp-request connection`, ...), in config order. */
  rules: Record<string, RawLine[]>
  stats: StatsModel
  errorfiles: Record<number, { readonly file: string; readonly body: string }>
  errorloc: Record<number, { readonly kind: '302' | '303'; readonly url: string }>
  redispatch?: { readonly interval: number }
  retryOn: string[]
  httpReuse: HttpReuse
  stickTable?: StickTableModel
  logs: RawLine[]
  logFormat?: string
  captures: RawLine[]
  /** Keywords accepted and kept as words for a later stage (checks, monitor, ...). */
  other: RawLine[]
}

export type GlobalModel = {
  daemon: boolean
  masterWorker: boolean
  maxconn?: number
  nbthread?: number
  pidfile?: string
  user?: string
  group?: string
  chroot?: string
  hardStopAfter?: Millis
  localPeer?: string
  statsSockets: { readonly address: Address; readonly options: Record<string, string | boolean>; readonly loc: Loc }[]
  statsTimeout?: Millis
  logs: RawLine[]
  logTag?: string
  tune: Record<string, number | string>
  ssl: Record<string, string | string[] | boolean>
  setenv: { readonly name: string; readonly value: string }[]
  other: RawLine[]
}

export type PeerModel = { readonly name: string; readonly address?: Address; readonly loc: Loc }
export type PeersModel = { readonly name: string; readonly loc: Loc; peers: PeerModel[]; disabled: boolean; other: RawLine[] }
export type ResolversModel = { readonly name: string; readonly loc: Loc; nameservers: { name: string; address: Address }[]; settings: RawLine[] }
export type UserlistModel = {
  readonly name: string
  readonly loc: Loc
  users: { readonly name: string; readonly password: string; readonly insecure: boolean; readonly groups: readonly string[] }[]
  groups: { readonly name: string; readonly users: readonly string[] }[]
}

export type ConfigModel = {
  global: GlobalModel
  /** Frontends, backends and listens in config order (defaults are folded in). */
  proxies: ProxyModel[]
  /** Named defaults sections, kept for `from` and for `show` commands. */
  defaults: ProxyModel[]
  peers: PeersModel[]
  resolvers: ResolversModel[]
  userlists: UserlistModel[]
  /** The files read, in order. */
  files: string[]
}

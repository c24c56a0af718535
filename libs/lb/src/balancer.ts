/**
 * The balance algorithm contract (HAProxy's struct lb_ops): one descriptor per
 * algorithm carrying its name, argument parser and factory. The `balance`
 * config keyword and the data plane both look algorithms up in this table.
 * HAProxy reference: src/backend.c backend_parse_balance(), include/haproxy/backend-t.h
 */
import type { Result } from '@switchyard/types'

/** What a balancer sees of a server; the data plane owns and mutates it. */
export type ServerSlot = {
  readonly id: number
  readonly name: string
  /** Configured weight (0-256); the effective weight is this scaled by `weightScale`. */
  weight: number
  readonly backup: boolean
  /** UP (or draining with weight 0) and not in maintenance. */
  usable: boolean
  /** Connections currently served (for leastconn and first). */
  active: number
  /** Per-server maxconn, 0 = unlimited (for `first`). */
  readonly maxconn: number
}

/** What a pick may read of the request; only the fields the algorithm needs. */
export type PickInput = {
  /** Client source address as text ('10.0.0.1', '::1'). */
  readonly src: string
  /** Request target for uri/url_param (HTTP only). */
  readonly uri?: string
  readonly header?: (name: string) => string | undefined
  /**
   * Request body for url_param with check_post (pass it for POST requests only),
   * or the first client payload for rdp-cookie; unused otherwise.
   */
  readonly body?: Buffer
  /** Hash key for `balance hash <expr>` (computed by the rules engine). */
  readonly key?: string | Buffer
}

export interface Balancer {
  /** A usable server, or undefined when none can take the request now. */
  pick (input: PickInput, avoid?: ServerSlot): ServerSlot | undefined
  /** Call after any change of `usable` or `weight` of a slot. */
  update? (slot: ServerSlot): void
  takeConn? (slot: ServerSlot): void
  dropConn? (slot: ServerSlot): void
}

/**
 * Parsed `balance` arguments, as returned by `parseArgs`. One key is reserved for
 * the caller: set `allbackups: true` (from `option allbackups`) before `create`
 * to spread load over all usable backup servers instead of only the first one.
 */
export type BalanceArgs = Readonly<Record<string, string | number | boolean | undefined>>

export type HashOptions = {
  readonly method: 'map-based' | 'consistent'
  readonly fn: 'sdbm' | 'djb2' | 'wt6' | 'crc32' | 'none'
  readonly avalanche: boolean
}

export type BalanceDef = {
  readonly name: string
  readonly usage: string
  /** Weight and state changes take effect at runtime without a restart. */
  readonly dynamic: boolean
  /** Needs HTTP (uri, url_param, hdr): in a tcp backend HAProxy falls back to roundrobin. */
  readonly httpOnly: boolean
  /** Uses a hash of a request property (hash-type applies). */
  readonly hashed: boolean
  readonly parseArgs: (args: readonly string[]) => Result<BalanceArgs>
  readonly create: (servers: readonly ServerSlot[], args: BalanceArgs, hash: HashOptions) => Balancer
}

export function defineBalance (def: BalanceDef): BalanceDef {
  return def
}

export function noArgs (args: readonly string[]): Result<BalanceArgs> {
  if (args.length > 0) return { ok: false, reason: `takes no argument, got '${args[0]}'` }
  return { ok: true, value: {} }
}

export const DEFAULT_HASH: HashOptions = { method: 'map-based', fn: 'sdbm', avalanche: false }

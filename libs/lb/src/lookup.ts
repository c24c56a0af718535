/**
 * What hashed algorithms look servers up in (a weighted map or a consistent-hash
 * ring), kept in sync with the pool: rebuilt only when the pool's version moves.
 * HAProxy reference: src/lb_map.c, src/lb_chash.c
 */
import type { ServerSlot } from './balancer.js'
import type { Pool } from './pool.js'

export type WeightOf = (s: ServerSlot) => number

export interface Lookup {
  rebuild (members: readonly ServerSlot[], weightOf: WeightOf): void
  /** The server for this hash; steps past `avoid` when another server exists. */
  byHash (hash: number, avoid?: ServerSlot): ServerSlot | undefined
  /** Round-robin over the lookup, skipping full servers (hash key not found). */
  next (avoid?: ServerSlot): ServerSlot | undefined
}

export class PoolLookup<L extends Lookup> {
  private version = -1

  constructor (readonly pool: Pool, readonly lookup: L) {}

  /** Current group members, with the lookup rebuilt if the pool changed. */
  members (): readonly ServerSlot[] {
    const { members } = this.pool.current()
    if (this.version !== this.pool.version) {
      this.lookup.rebuild(members, (s) => this.pool.weightOf(s))
      this.version = this.pool.version
    }
    return members
  }
}

/**
 * The servers an algorithm balances over right now: eligible slots (usable and
 * weight > 0) of the active group, else the first usable backup, else all usable
 * backups with `allbackups`. Detects slot changes itself, so `update()` is a hint.
 * HAProxy reference: src/backend.c recount_servers(), update_backend_weight()
 */
import type { BalanceArgs, ServerSlot } from './balancer.js'

export type Group = {
  /** Eligible servers of the group in use, in id order. */
  readonly members: readonly ServerSlot[]
  readonly backup: boolean
}

export type PoolOptions = {
  readonly allBackups: boolean
  /** Static algorithms keep the weights seen at creation; runtime weight only toggles 0. */
  readonly staticWeights: boolean
}

/** Has a maxconn and reached it: connection-based algorithms skip it. */
export function isFull (s: ServerSlot): boolean {
  return s.maxconn > 0 && s.active >= s.maxconn
}

export function allBackups (args: BalanceArgs): boolean {
  return args['allbackups'] === true
}

export class Pool {
  readonly servers: readonly ServerSlot[]
  /** Bumped whenever the group or a member's weight may have changed. */
  version = 0
  private readonly opts: PoolOptions
  private readonly initial: ReadonlyMap<ServerSlot, number>
  private readonly seen: Array<{ usable: boolean, weight: number }>
  private group: Group = { members: [], backup: false }
  private dirty = true

  constructor (servers: readonly ServerSlot[], opts: PoolOptions) {
    this.servers = [...servers].sort((a, b) => a.id - b.id)
    this.opts = opts
    this.initial = new Map(this.servers.map((s) => [s, s.weight]))
    this.seen = this.servers.map((s) => ({ usable: s.usable, weight: s.weight }))
  }

  /** The weight the algorithm uses for `s` (0 means not eligible). */
  weightOf (s: ServerSlot): number {
    if (!this.opts.staticWeights) return s.weight
    return s.weight > 0 ? (this.initial.get(s) ?? 0) : 0
  }

  eligible (s: ServerSlot): boolean {
    return s.usable && this.weightOf(s) > 0
  }

  invalidate (): void {
    this.dirty = true
  }

  current (): Group {
    if (this.changed() || this.dirty) {
      this.dirty = false
      this.group = this.select()
      this.version++
    }
    return this.group
  }

  private changed (): boolean {
    let changed = false
    this.servers.forEach((s, i) => {
      const seen = this.seen[i]
      if (seen === undefined || (seen.usable === s.usable && seen.weight === s.weight)) return
      seen.usable = s.usable
      seen.weight = s.weight
      changed = true
    })
    return changed
  }

  private select (): Group {
    const actives = this.servers.filter((s) => !s.backup && this.eligible(s))
    if (actives.length > 0) return { members: actives, backup: false }
    const backups = this.servers.filter((s) => s.backup && this.eligible(s))
    const first = backups[0]
    if (!this.opts.allBackups && first !== undefined) return { members: [first], backup: true }
    return { members: backups, backup: true }
  }
}

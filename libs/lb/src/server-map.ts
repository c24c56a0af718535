/**
 * Map-based lookup: a table of sum(weight / gcd) entries, filled so equal weights
 * keep declaration order; hashing is `map[hash % size]`, round-robin walks it.
 * Static: weights are the ones seen at creation (the pool enforces it).
 * HAProxy reference: src/lb_map.c recalc_server_map(), map_get_server_rr/hash()
 */
import type { ServerSlot } from './balancer.js'
import type { Lookup, WeightOf } from './lookup.js'
import { isFull } from './pool.js'

function gcd (a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

/** GCD of the non-zero weights (init_server_map's `wmult`), 1 when none. */
export function weightGcd (weights: readonly number[]): number {
  const g = weights.filter((w) => w > 0).reduce(gcd, 0)
  return g > 0 ? g : 1
}

/** recalc_server_map(): smooth fill, first declared server wins ties. */
export function buildMap (members: readonly ServerSlot[], eweight: WeightOf): ServerSlot[] {
  const tot = members.reduce((sum, s) => sum + eweight(s), 0)
  if (tot === 1) return members.filter((s) => eweight(s) > 0).slice(0, 1)
  const score = new Map<ServerSlot, number>(members.map((s) => [s, 0]))
  const map: ServerSlot[] = []
  for (let o = 0; o < tot; o++) {
    let best: ServerSlot | undefined
    let max = 0
    for (const cur of members) {
      const w = (score.get(cur) ?? 0) + eweight(cur)
      score.set(cur, w)
      const v = Math.trunc((w + tot) / tot)
      if (best === undefined || v > max) { max = v; best = cur }
    }
    if (best === undefined) break
    map.push(best)
    score.set(best, (score.get(best) ?? 0) - tot)
  }
  return map
}

export class ServerMap implements Lookup {
  private map: ServerSlot[] = []
  private rrIdx = 0
  private readonly wmult: number

  /** `all`: every server of the backend, for the weight GCD. */
  constructor (all: readonly ServerSlot[], initialWeight: WeightOf) {
    this.wmult = weightGcd(all.map(initialWeight))
  }

  get size (): number { return this.map.length }

  entry (i: number): ServerSlot | undefined { return this.map[i] }

  rebuild (members: readonly ServerSlot[], weightOf: WeightOf): void {
    this.map = buildMap(members, (s) => Math.ceil(weightOf(s) / this.wmult))
  }

  byHash (hash: number, avoid?: ServerSlot): ServerSlot | undefined {
    const n = this.map.length
    if (n === 0) return undefined
    const idx = hash % n
    const hit = this.map[idx]
    if (avoid === undefined || hit !== avoid) return hit
    // @NOTE HAProxy ignores `avoid` here; we step to the next other entry.
    for (let k = 1; k < n; k++) {
      const s = this.map[(idx + k) % n]
      if (s !== undefined && s !== avoid) return s
    }
    return hit
  }

  next (avoid?: ServerSlot): ServerSlot | undefined {
    const n = this.map.length
    if (n === 0) return undefined
    if (this.rrIdx < 0 || this.rrIdx >= n) this.rrIdx = 0
    const start = this.rrIdx
    let idx = start
    let avoided: { s: ServerSlot, idx: number } | undefined
    do {
      const s = this.map[idx++]
      if (idx === n) idx = 0
      if (s === undefined || isFull(s)) continue
      if (s !== avoid) { this.rrIdx = idx; return s }
      avoided = { s, idx }
    } while (idx !== start)
    if (avoided !== undefined) this.rrIdx = avoided.idx
    return avoided?.s
  }
}

/**
 * Consistent-hash ring: weight*16 points per server at full_hash(id*4096 + n),
 * a hash goes to the closest point; removing a server only moves its own keys.
 * Dynamic: a weight change adds or removes that server's points only.
 * HAProxy reference: src/lb_chash.c chash_get_server_hash(), chash_get_next_server()
 */
import type { ServerSlot } from './balancer.js'
import { fullHash } from './hash.js'
import type { Lookup, WeightOf } from './lookup.js'
import { isFull } from './pool.js'

/** BE_WEIGHT_SCALE: effective weight = weight * 16, one ring point per unit. */
export const WEIGHT_SCALE = 16
/** SRV_EWGHT_RANGE = 256 * 16: spacing of the point keys between server ids. */
const EWGHT_RANGE = 256 * WEIGHT_SCALE

export type RingNode = { readonly key: number, readonly server: ServerSlot }

export function ringNodes (s: ServerSlot, weight: number): RingNode[] {
  const nodes: RingNode[] = []
  for (let n = 0; n < weight * WEIGHT_SCALE; n++) {
    nodes.push({ key: fullHash((Math.imul(s.id, EWGHT_RANGE) + n) >>> 0), server: s })
  }
  return nodes
}

/** Index of the first node with key >= hash, or nodes.length. */
function lowerBound (nodes: readonly RingNode[], hash: number): number {
  let lo = 0
  let hi = nodes.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((nodes[mid]?.key ?? 0) < hash) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class Ring implements Lookup {
  private nodes: RingNode[] = []
  private last = -1

  get points (): readonly RingNode[] { return this.nodes }

  rebuild (members: readonly ServerSlot[], weightOf: WeightOf): void {
    this.nodes = members.flatMap((s) => ringNodes(s, weightOf(s))).sort((a, b) => a.key - b.key)
    this.last = -1
  }

  byHash (hash: number, avoid?: ServerSlot): ServerSlot | undefined {
    const n = this.nodes.length
    if (n === 0) return undefined
    let i = this.closest(hash)
    let loops = 0
    while (this.nodes[i]?.server === avoid) {
      i++
      if (i === n) {
        i = 0
        if (++loops > 1) break
      }
    }
    return this.nodes[i]?.server
  }

  next (avoid?: ServerSlot): ServerSlot | undefined {
    const n = this.nodes.length
    if (n === 0) return undefined
    const stop = this.last >= 0 && this.last < n ? this.last : n - 1
    let node = stop
    let avoided: { s: ServerSlot, node: number } | undefined
    do {
      node = node + 1 >= n ? 0 : node + 1
      this.last = node
      const s = this.nodes[node]?.server
      if (s === undefined || isFull(s)) continue
      if (s !== avoid) return s
      avoided = { s, node }
    } while (node !== stop)
    if (avoided !== undefined) this.last = avoided.node
    return avoided?.s
  }

  /** The point closest to `hash` on the ring, the previous one on a tie. */
  private closest (hash: number): number {
    const n = this.nodes.length
    let next = lowerBound(this.nodes, hash)
    if (next === n) next = 0
    const prev = next === 0 ? n - 1 : next - 1
    const dp = (hash - (this.nodes[prev]?.key ?? 0)) >>> 0
    const dn = ((this.nodes[next]?.key ?? 0) - hash) >>> 0
    return dp <= dn ? prev : next
  }
}

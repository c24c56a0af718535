/**
 * roundrobin: smooth weighted round-robin; each server gets its weight's share
 * per cycle, interleaved (3:1 gives a a b a). Full servers (maxconn) are skipped.
 * Dynamic: honours weight changes and usable flips at runtime; weight 0 = no new traffic.
 * HAProxy reference: src/lb_fwrr.c
 */
import { defineBalance, noArgs, type Balancer, type BalanceArgs, type PickInput, type ServerSlot } from '../balancer.js'
import { allBackups, isFull, Pool } from '../pool.js'

export const roundrobin = defineBalance({
  name: 'roundrobin',
  usage: 'roundrobin',
  dynamic: true,
  httpOnly: false,
  hashed: false,
  parseArgs: noArgs,
  create: (servers: readonly ServerSlot[], args: BalanceArgs): Balancer => new RoundRobin(servers, args),
})

class RoundRobin implements Balancer {
  private readonly pool: Pool
  /** Smooth WRR credit per server, reset when it leaves the group. */
  private readonly credit = new Map<ServerSlot, number>()
  private version = -1

  constructor (servers: readonly ServerSlot[], args: BalanceArgs) {
    this.pool = new Pool(servers, { allBackups: allBackups(args), staticWeights: false })
  }

  pick (_input: PickInput, avoid?: ServerSlot): ServerSlot | undefined {
    const { members } = this.pool.current()
    this.forgetLeavers(members)
    const free = members.filter((s) => !isFull(s))
    const others = free.filter((s) => s !== avoid)
    return this.smooth(others.length > 0 ? others : free)
  }

  update (): void {
    this.pool.invalidate()
  }

  /** nginx-style smooth WRR: add weights, take the richest, charge it the total. */
  private smooth (candidates: readonly ServerSlot[]): ServerSlot | undefined {
    let best: ServerSlot | undefined
    let total = 0
    for (const s of candidates) {
      const w = this.pool.weightOf(s)
      const c = (this.credit.get(s) ?? 0) + w
      this.credit.set(s, c)
      total += w
      if (best === undefined || c > (this.credit.get(best) ?? 0)) best = s
    }
    if (best !== undefined) this.credit.set(best, (this.credit.get(best) ?? 0) - total)
    return best
  }

  private forgetLeavers (members: readonly ServerSlot[]): void {
    if (this.version === this.pool.version) return
    this.version = this.pool.version
    for (const s of [...this.credit.keys()]) if (!members.includes(s)) this.credit.delete(s)
  }
}

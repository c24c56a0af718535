/**
 * leastconn: pick the usable server with the fewest active connections relative
 * to its weight (key (active+1)*256/weight, 0 when idle); ties rotate round-robin.
 * Dynamic: honours weight changes and up/down transitions at runtime.
 * HAProxy reference: src/lb_fwlc.c
 */
import { defineBalance, noArgs, type Balancer, type BalanceArgs, type PickInput, type ServerSlot } from '../balancer.js'
import { allBackups, isFull, Pool } from '../pool.js'

export const leastconn = defineBalance({
  name: 'leastconn',
  usage: 'leastconn',
  dynamic: true,
  httpOnly: false,
  hashed: false,
  parseArgs: noArgs,
  create: (servers: readonly ServerSlot[], args: BalanceArgs): Balancer => new LeastConn(servers, args),
})

/** fwlc_queue_srv(): inflight ? (inflight+1) * SRV_EWGHT_MAX / eweight : 0, with eweight = weight*16. */
function loadKey (s: ServerSlot, weight: number): number {
  return s.active > 0 ? Math.floor((s.active + 1) * 256 / weight) : 0
}

class LeastConn implements Balancer {
  private readonly pool: Pool
  /** Position among equal keys: lower = queued earlier = picked first. */
  private readonly seq = new Map<ServerSlot, number>()
  private counter = 0

  constructor (servers: readonly ServerSlot[], args: BalanceArgs) {
    this.pool = new Pool(servers, { allBackups: allBackups(args), staticWeights: false })
    for (const s of this.pool.servers) this.requeue(s)
  }

  pick (_input: PickInput, avoid?: ServerSlot): ServerSlot | undefined {
    const ordered = this.pool.current().members
      .filter((s) => !isFull(s))
      .map((s) => ({ s, key: loadKey(s, this.pool.weightOf(s)), seq: this.seq.get(s) ?? 0 }))
      .sort((a, b) => a.key - b.key || a.seq - b.seq)
    const chosen = (ordered.find((e) => e.s !== avoid) ?? ordered[0])?.s
    if (chosen !== undefined) this.requeue(chosen)
    return chosen
  }

  update (slot: ServerSlot): void {
    this.pool.invalidate()
    this.requeue(slot)
  }

  takeConn (slot: ServerSlot): void { this.requeue(slot) }
  dropConn (slot: ServerSlot): void { this.requeue(slot) }

  /** Like eb32_insert() of a duplicate key: goes after its equals. */
  private requeue (s: ServerSlot): void {
    this.seq.set(s, this.counter++)
  }
}

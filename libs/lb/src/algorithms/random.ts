/**
 * random[(<draws>)]: draw random points on a consistent-hash ring and keep the
 * least loaded (active/weight) of <draws> servers ("power of two choices", default 2).
 * A full winner (maxconn) means none. hash-type does not apply.
 * Dynamic: honours weight changes and up/down transitions at runtime.
 * HAProxy reference: src/backend.c get_server_rnd(); src/lb_chash.c
 */
import { err, ok, type Result } from '@switchyard/types'
import { defineBalance, type Balancer, type BalanceArgs, type PickInput, type ServerSlot } from '../balancer.js'
import { argNumber } from '../args.js'
import { Ring } from '../chash-ring.js'
import { PoolLookup } from '../lookup.js'
import { allBackups, isFull, Pool } from '../pool.js'

export const random = defineBalance({
  name: 'random',
  usage: 'random[(<draws>)]',
  dynamic: true,
  httpOnly: false,
  hashed: false,
  parseArgs: parseRandomArgs,
  create: (servers: readonly ServerSlot[], args: BalanceArgs): Balancer => new Random(servers, args),
})

/** args[0] is the number inside `random(...)` (see splitBalanceWord). */
function parseRandomArgs (args: readonly string[]): Result<BalanceArgs> {
  const [draws, extra] = args
  if (extra !== undefined) return err(`random: unexpected argument '${extra}'`)
  if (draws === undefined || draws === '') return ok({ draws: 2 })
  if (!/^\d+$/.test(draws)) return err(`random: expects a number of draws, got '${draws}'`)
  const n = Number(draws)
  if (n < 1) return err('random: number of draws must be at least 1')
  return ok({ draws: n })
}

function random32 (): number {
  return Math.floor(Math.random() * 0x100000000) >>> 0
}

class Random implements Balancer {
  private readonly pl: PoolLookup<Ring>
  private readonly draws: number

  constructor (servers: readonly ServerSlot[], args: BalanceArgs) {
    const pool = new Pool(servers, { allBackups: allBackups(args), staticWeights: false })
    this.pl = new PoolLookup(pool, new Ring())
    this.draws = argNumber(args, 'draws', 2)
  }

  pick (_input: PickInput, avoid?: ServerSlot): ServerSlot | undefined {
    if (this.pl.members().length === 0) return undefined
    let best: ServerSlot | undefined
    for (let d = 0; d < this.draws; d++) {
      const drawn = this.pl.lookup.byHash(random32(), avoid)
      if (drawn === undefined) break
      best = best === undefined ? drawn : this.lessLoaded(best, drawn)
    }
    return best !== undefined && isFull(best) ? undefined : best
  }

  update (): void {
    this.pl.pool.invalidate()
  }

  /** Keeps `prev` unless `curr` serves fewer connections per weight unit. */
  private lessLoaded (prev: ServerSlot, curr: ServerSlot): ServerSlot {
    const w = (s: ServerSlot): number => this.pl.pool.weightOf(s)
    return curr.active * w(prev) > prev.active * w(curr) ? prev : curr
  }
}

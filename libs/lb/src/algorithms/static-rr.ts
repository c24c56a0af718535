/**
 * static-rr: weighted round-robin over a server map built from the weights seen
 * at creation; no server-count limit. Full servers (maxconn) are skipped.
 * Dynamic: no. Up/down and weight 0 apply; other runtime weight changes are ignored.
 * HAProxy reference: src/lb_map.c map_get_server_rr()
 */
import { defineBalance, noArgs, type Balancer, type BalanceArgs, type PickInput, type ServerSlot } from '../balancer.js'
import { PoolLookup } from '../lookup.js'
import { allBackups, Pool } from '../pool.js'
import { ServerMap } from '../server-map.js'

export const staticRr = defineBalance({
  name: 'static-rr',
  usage: 'static-rr',
  dynamic: false,
  httpOnly: false,
  hashed: false,
  parseArgs: noArgs,
  create: (servers: readonly ServerSlot[], args: BalanceArgs): Balancer => new StaticRr(servers, args),
})

class StaticRr implements Balancer {
  private readonly pl: PoolLookup<ServerMap>

  constructor (servers: readonly ServerSlot[], args: BalanceArgs) {
    const pool = new Pool(servers, { allBackups: allBackups(args), staticWeights: true })
    this.pl = new PoolLookup(pool, new ServerMap(pool.servers, (s) => s.weight))
  }

  pick (_input: PickInput, avoid?: ServerSlot): ServerSlot | undefined {
    if (this.pl.members().length === 0) return undefined
    return this.pl.lookup.next(avoid)
  }

  update (): void {
    this.pl.pool.invalidate()
  }
}

/**
 * first: the lowest-id usable server that still has room (active < maxconn);
 * a server without maxconn takes everything. Weights only matter for 0.
 * Dynamic: honours weight changes and up/down transitions at runtime.
 * HAProxy reference: src/lb_fas.c fas_get_next_server()
 */
import { defineBalance, noArgs, type Balancer, type BalanceArgs, type PickInput, type ServerSlot } from '../balancer.js'
import { allBackups, isFull, Pool } from '../pool.js'

export const first = defineBalance({
  name: 'first',
  usage: 'first',
  dynamic: true,
  httpOnly: false,
  hashed: false,
  parseArgs: noArgs,
  create: (servers: readonly ServerSlot[], args: BalanceArgs): Balancer => new First(servers, args),
})

class First implements Balancer {
  private readonly pool: Pool

  constructor (servers: readonly ServerSlot[], args: BalanceArgs) {
    this.pool = new Pool(servers, { allBackups: allBackups(args), staticWeights: false })
  }

  pick (_input: PickInput, avoid?: ServerSlot): ServerSlot | undefined {
    const room = this.pool.current().members.filter((s) => !isFull(s))
    return room.find((s) => s !== avoid) ?? room[0]
  }

  update (): void {
    this.pool.invalidate()
  }
}

/**
 * The balancer shared by hash-based algorithms (source, uri, url_param, hdr,
 * rdp-cookie, hash): hash a request property and look it up in a map
 * (hash-type map-based) or a ring (consistent); no key means round-robin.
 * Dynamic: with hash-type consistent only; map-based keeps creation weights.
 * HAProxy reference: src/backend.c assign_server() (BE_LB_KIND_HI branch)
 */
import type { Balancer, BalanceArgs, HashOptions, PickInput, ServerSlot } from './balancer.js'
import { Ring } from './chash-ring.js'
import { type Lookup, PoolLookup } from './lookup.js'
import { allBackups, Pool } from './pool.js'
import { ServerMap } from './server-map.js'

/** The request's hash, or undefined when the property is missing (fall back to round-robin). */
export type HashKey = (input: PickInput) => number | undefined

/** The map or ring for `hash.method`, over a pool of `servers`. */
export function hashLookup (servers: readonly ServerSlot[], args: BalanceArgs, hash: HashOptions): PoolLookup<Lookup> {
  const consistent = hash.method === 'consistent'
  const pool = new Pool(servers, { allBackups: allBackups(args), staticWeights: !consistent })
  const lookup: Lookup = consistent ? new Ring() : new ServerMap(pool.servers, (s) => s.weight)
  return new PoolLookup(pool, lookup)
}

export function createHashed (servers: readonly ServerSlot[], args: BalanceArgs, hash: HashOptions, key: HashKey): Balancer {
  return new HashedBalancer(hashLookup(servers, args, hash), key)
}

class HashedBalancer implements Balancer {
  constructor (private readonly pl: PoolLookup<Lookup>, private readonly key: HashKey) {}

  pick (input: PickInput, avoid?: ServerSlot): ServerSlot | undefined {
    if (this.pl.members().length === 0) return undefined
    const h = this.key(input)
    return h === undefined ? this.pl.lookup.next(avoid) : this.pl.lookup.byHash(h, avoid)
  }

  update (): void {
    this.pl.pool.invalidate()
  }
}

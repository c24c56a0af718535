/**
 * @switchyard/lb: HAProxy's balance algorithms, one descriptor per algorithm,
 * and the hash functions behind `hash-type`. No I/O: the data plane owns the
 * server slots and calls pick()/takeConn()/dropConn()/update().
 * HAProxy reference: src/backend.c, src/lb_*.c, src/hash.c
 */
export type {
  Balancer, BalanceArgs, BalanceDef, HashOptions, PickInput, ServerSlot,
} from './balancer.js'
export { DEFAULT_HASH, defineBalance, noArgs } from './balancer.js'
export type { HashFunction } from './hash.js'
export {
  fullHash, genHash, hashCrc32, hashDjb2, hashFunctions, hashNone, hashSdbm, hashWt6,
} from './hash.js'
export { balanceAlgorithms, findBalance, splitBalanceWord } from './algorithms/index.js'

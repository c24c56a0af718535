/**
 * Shared vocabulary of every Switchyard package: Result, time and size units,
 * listener/server addresses. Zero runtime dependencies, no I/O.
 */
export type { Result, Ok, Err } from './result.js'
export { ok, err } from './result.js'
export type { Millis, Bytes } from './units.js'
export type { Address, InetAddress, UnixAddress, FdAddress, AddressFamily } from './address.js'
export { formatAddress } from './address.js'
export type { StreamView, HttpRequestView, HttpResponseView, ProxyState, VarStore, UserlistView } from './stream-view.js'

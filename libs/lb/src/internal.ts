/**
 * Internals exposed for tests and tooling through the "./internal" export;
 * not a stable API.
 */
export { parseIp, toBytes } from './bytes.js'
export { Ring, ringNodes, WEIGHT_SCALE } from './chash-ring.js'
export { buildMap, ServerMap, weightGcd } from './server-map.js'
export { isFull, Pool } from './pool.js'
export { httpGetPath, uriHashPart } from './algorithms/uri.js'
export { findParam } from './algorithms/url-param.js'
export { domainOnly, firstValue } from './algorithms/hdr.js'
export { rdpCookieValue } from './algorithms/rdp-cookie.js'
export { sourceHash } from './algorithms/source.js'

/**
 * @switchyard/dataplane: listeners, muxes, streams and backends.
 */
export { createDataplane, type Dataplane, type DataplaneOptions } from './dataplane.js'
export { DataplaneError, ErrorCode } from './errors.js'
export type { Frontend } from './frontend.js'
export type { Backend } from './backend/backend.js'
export type { Server } from './backend/server.js'

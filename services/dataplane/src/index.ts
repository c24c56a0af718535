/**
 * @switchyard/dataplane: listeners, muxes, streams and backends.
 */
export {}

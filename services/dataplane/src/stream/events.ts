/**
 * What a stream reports to the data plane (counters now; log events later).
 */
import type { DataplaneError } from '../errors.js'

export type StreamEvents = {
  /** The client connection is gone: frees the frontend slot. */
  closed: () => void
  /** No server could be reached (after retries) or the queue timed out. */
  noServer: (err: DataplaneError | undefined) => void
}

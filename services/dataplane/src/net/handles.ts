/**
 * Types for the part of node's internal handle API the data plane uses
 * (lib/internal/stream_base_commons.js and lib/net.js use the same calls).
 * process.binding is deprecated for general use but keeps these modules on its
 * allow list; they are loaded once, here, and checked, so a node without them
 * fails at startup with a clear message rather than on the first connection.
 */
import type { ConnAddress } from './conn.js'

export interface WriteReq { handle: StreamHandle; oncomplete: (status: number) => void }
export interface ShutdownReq { handle: StreamHandle; oncomplete: (status: number) => void }

/** A libuv stream handle: TCP or Pipe. */
export interface StreamHandle {
  onread: ((ab: ArrayBuffer | undefined) => void) | undefined
  /** Back reference set by Conn (node uses a symbol for its own). */
  conn: import('./conn.js').Conn | undefined
  readStart (): number
  readStop (): number
  writeBuffer (req: WriteReq, buf: Buffer): number
  writev (req: WriteReq, bufs: Buffer[], allBuffers: true): number
  shutdown (req: ShutdownReq): number
  close (cb: () => void): void
  getpeername?: (out: ConnAddress) => number
  getsockname?: (out: ConnAddress) => number
  setNoDelay?: (on: boolean) => number
}

export interface ListenHandle {
  onconnection: ((err: number, client: StreamHandle | undefined) => void) | undefined
}

type StreamBinding = {
  streamBaseState: Int32Array
  kReadBytesOrError: number
  kArrayBufferOffset: number
  kLastWriteWasAsync: number
  WriteWrap: new () => object
  ShutdownWrap: new () => object
}

function load (): { stream: StreamBinding } {
  const binding = (process as unknown as { binding?: (name: string) => unknown }).binding
  const stream = binding?.('stream_wrap') as StreamBinding | undefined
  if (stream === undefined || !(stream.streamBaseState instanceof Int32Array) || typeof stream.WriteWrap !== 'function') {
    throw new Error(`node ${process.version} does not expose its stream handles (process.binding('stream_wrap')): switchyard needs node 20 or later`)
  }
  return { stream }
}

export const bindings = load()

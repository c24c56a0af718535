/**
 * Server-to-client forwarding without an allocation per read: the server socket
 * reads into one buffer of its own (node's `onread`), each read is written to the
 * client, and reading stops until that write has left the process. So the buffer
 * is never overwritten while a write still points into it, and a stream holds at
 * most one buffer of data, as an HAProxy stream does. The buffer is allocated at
 * the first byte: a connection that stays silent costs one byte, not a buffer.
 * HAProxy reference: src/stream.c (channel buffers), src/raw_sock.c raw_sock_to_buf()
 */
import type { OnReadOpts, Socket } from 'node:net'
import type { Conn, ConnUser } from '../net/conn.js'

/** What a read is handed to: returns false to stop reading until `resume()`. */
export type ReadSink = (chunk: Buffer) => boolean

export class ReadBuffer {
  private buf: Buffer = Buffer.allocUnsafe(1)
  private sink: ReadSink | undefined
  private started = false

  constructor (readonly size: number) {}

  /** The `onread` option for net.connect(). */
  options (): OnReadOpts {
    return {
      buffer: () => this.next(),
      callback: (n: number) => this.onRead(n),
    }
  }

  /** Where reads go from now on. */
  setSink (sink: ReadSink): void {
    this.sink = sink
  }

  private onRead (n: number): boolean {
    const sink = this.sink
    if (sink === undefined) return false
    return sink(n === this.buf.length ? this.buf : this.buf.subarray(0, n))
  }

  /** Called by node when the socket is set up (the 1-byte probe), then after each read. */
  private next (): Buffer {
    if (!this.started) { this.started = true; return this.buf }
    if (this.buf.length < this.size) this.buf = Buffer.allocUnsafe(this.size)
    return this.buf
  }
}

/** Where relayed bytes are written: a client Conn (or a net.Socket). */
export interface ByteSink {
  readonly destroyed: boolean
  readonly writableLength: number
  readonly writableEnded: boolean
  write (chunk: Buffer, cb: () => void): unknown
}

/**
 * A sink that writes to `to` and pauses `from` until the write is flushed. `full`:
 * the read buffer's size (a read that fills it yields to other streams).
 */
export function writeThrough (from: Socket, to: ByteSink, full: number): ReadSink {
  const resume = (): void => { from.resume() }
  let waiting = false
  // Per-write callback rather than 'drain': node emits 'drain' only after a write()
  // that returned false, and a small write may stay queued without one.
  const flushed = (): void => {
    if (!waiting || (!to.destroyed && to.writableLength > 0)) return
    waiting = false
    from.resume()
  }
  return (chunk) => {
    if (to.destroyed || to.writableEnded) return false
    to.write(chunk, flushed)
    if (to.writableLength > 0) { waiting = true; return false }
    if (chunk.length < full) return true
    // A full buffer means more is waiting: let the other streams have their turn
    // first (libuv would otherwise read this socket again, up to 32 times).
    setImmediate(resume)
    return false
  }
}

/**
 * Client-to-server half of a tunnel: what the client sends is written to the
 * server socket, and the client is not read while the server socket's buffer is
 * full. The peer's FIN is passed on (`onEnd` then runs), as is a close.
 */
export function relayToServer (from: Conn, to: Socket, onEnd: () => void, onClose: () => void, onTimeout: () => void): ConnUser {
  const resume = (): void => { from.resume() }
  return {
    onConnData: (d) => {
      if (to.destroyed) return
      if (!to.write(d)) { from.pause(); to.once('drain', resume) }
    },
    onConnEnd: () => { to.end(); onEnd() },
    onConnClose: onClose,
    onConnTimeout: onTimeout,
  }
}

/**
 * A client connection on libuv's stream handle, without net.Socket. An accepted
 * net.Socket builds a Duplex (readable and writable states, an event emitter, a
 * handful of closures) per connection; for a proxy answering one request per
 * connection that was most of its JavaScript time. A Conn is one small object:
 * reads call its user directly, writes go to the handle, and the only timer is the
 * inactivity timeout.
 * Owns: the handle (reading, writing, half-close, close), the idle timeout.
 * Does not own: what the bytes mean (sessions), accepting (listener/).
 * Node reference: lib/net.js Socket, lib/internal/stream_base_commons.js
 *
 * The handle API is node's internal one (process.binding), stable since node 12
 * and the same for TCP and unix sockets.
 */
import { bindings, type StreamHandle, type WriteReq, type ShutdownReq } from './handles.js'

const { streamBaseState, kReadBytesOrError, kArrayBufferOffset, kLastWriteWasAsync, WriteWrap, ShutdownWrap } = bindings.stream

/** libuv's UV_EOF. */
const UV_EOF = -4095
const UV_ENOTCONN = -107

/** What a session implements to receive a connection's events. */
export interface ConnUser {
  /** Bytes read; `d` is the caller's to keep. */
  onConnData (d: Buffer): void
  /** The peer half-closed (no more bytes will come). */
  onConnEnd (): void
  /** The handle is closed (once, after destroy() or an error). */
  onConnClose (): void
  /** No read or write for the idle timeout. */
  onConnTimeout (): void
}

const NO_USER: ConnUser = {
  onConnData: () => undefined,
  onConnEnd: () => undefined,
  onConnClose: () => undefined,
  onConnTimeout: () => undefined,
}

type ConnWriteReq = WriteReq & { conn: Conn; bytes: number; buffer: Buffer | Buffer[] | null; cb: (() => void) | undefined }
type ConnShutdownReq = ShutdownReq & { conn: Conn }

export type ConnAddress = { address?: string; family?: string; port?: number }

export class Conn {
  user: ConnUser = NO_USER
  destroyed = false
  /** end() was called: a FIN follows the queued writes. */
  writableEnded = false
  /** Bytes handed to write() that the kernel has not taken yet. */
  writableLength = 0
  private reading = false
  private closeAfterEnd = false
  /** The FIN has been sent. */
  private shutDown = false
  private timer: NodeJS.Timeout | undefined
  private peer: ConnAddress | undefined
  private local: ConnAddress | undefined

  constructor (readonly handle: StreamHandle) {
    handle.onread = onStreamRead
    handle.conn = this
  }

  /** Starts delivering reads to `user`. */
  start (user: ConnUser): void {
    this.user = user
    this.resume()
  }

  pause (): void {
    if (!this.reading || this.destroyed) return
    this.reading = false
    this.handle.readStop()
  }

  resume (): void {
    if (this.reading || this.destroyed || this.eof) return
    this.reading = true
    const err = this.handle.readStart()
    if (err !== 0) this.destroy()
  }

  /** Seen the peer's FIN. */
  private eof = false

  /** Inactivity timeout (0 turns it off), restarted by every read and write. */
  setTimeout (ms: number): void {
    if (this.timer !== undefined) { clearTimeout(this.timer); this.timer = undefined }
    if (ms > 0 && !this.destroyed) {
      this.timer = setTimeout(() => { if (!this.destroyed) this.user.onConnTimeout() }, ms)
      this.timer.unref()
    }
  }

  private touch (): void {
    if (this.timer !== undefined) this.timer.refresh()
  }

  /**
   * Writes `buf`. `cb` runs once the kernel has taken it: at once when it took it
   * now, else when the queued write completes (not if the connection closes first).
   */
  write (buf: Buffer, cb?: () => void): void {
    if (this.destroyed || this.writableEnded) return
    const req = new WriteWrap() as ConnWriteReq
    req.handle = this.handle
    req.oncomplete = afterWrite
    req.conn = this
    req.cb = cb
    const err = this.handle.writeBuffer(req, buf)
    this.afterDispatch(req, err, buf, buf.length)
  }

  /** Writes several buffers in one system call (a head and a body, say). */
  writev (bufs: Buffer[], cb?: () => void): void {
    if (this.destroyed || this.writableEnded) return
    let n = 0
    for (const b of bufs) n += b.length
    const req = new WriteWrap() as ConnWriteReq
    req.handle = this.handle
    req.oncomplete = afterWrite
    req.conn = this
    req.cb = cb
    const err = this.handle.writev(req, bufs, true)
    this.afterDispatch(req, err, bufs, n)
  }

  private afterDispatch (req: ConnWriteReq, err: number, data: Buffer | Buffer[], n: number): void {
    if (err !== 0) { this.destroy(); return }
    this.touch()
    if (streamBaseState[kLastWriteWasAsync] === 0) {
      const cb = req.cb
      if (cb !== undefined) cb()
      return
    }
    // The handle does not hold the bytes alive: the request does, until it completes.
    req.buffer = data
    req.bytes = n
    this.writableLength += n
  }

  /** Called by afterWrite. */
  writeDone (req: ConnWriteReq, status: number): void {
    this.writableLength -= req.bytes
    req.buffer = null
    if (this.destroyed) return
    if (status < 0) { this.destroy(); return }
    this.touch()
    const cb = req.cb
    if (cb !== undefined) cb()
  }

  /** Half-closes after the queued writes; `close`: then closes the connection too. */
  end (close = false): void {
    if (this.destroyed) return
    if (close) {
      if (this.shutDown) { this.destroy(); return }
      this.closeAfterEnd = true
    }
    if (this.writableEnded) return
    this.writableEnded = true
    const req = new ShutdownWrap() as ConnShutdownReq
    req.handle = this.handle
    req.oncomplete = afterShutdown
    req.conn = this
    const err = this.handle.shutdown(req)
    if (err === 1 || err === UV_ENOTCONN) { this.shutdownDone(0); return }
    if (err !== 0) this.destroy()
  }

  /** Writes `last`, then half-closes and closes (an answer that ends the connection). */
  endWith (last: Buffer): void {
    this.write(last)
    this.end(true)
  }

  shutdownDone (status: number): void {
    if (this.destroyed) return
    this.shutDown = true
    if (status < 0 || this.closeAfterEnd) this.destroy()
  }

  /** Closes now; queued writes are dropped. The user hears onConnClose once, later. */
  destroy (): void {
    if (this.destroyed) return
    this.destroyed = true
    this.reading = false
    if (this.timer !== undefined) { clearTimeout(this.timer); this.timer = undefined }
    this.handle.close(() => {
      const u = this.user
      this.user = NO_USER
      this.handle.conn = undefined
      u.onConnClose()
    })
  }

  get remoteAddress (): string | undefined { return this.peerAddress().address }
  get remotePort (): number | undefined { return this.peerAddress().port }
  get localAddress (): string | undefined { return this.localAddr().address }
  get localPort (): number | undefined { return this.localAddr().port }

  private peerAddress (): ConnAddress {
    if (this.peer === undefined) {
      const out: ConnAddress = {}
      if (!this.destroyed && this.handle.getpeername !== undefined) this.handle.getpeername(out)
      this.peer = out
    }
    return this.peer
  }

  private localAddr (): ConnAddress {
    if (this.local === undefined) {
      const out: ConnAddress = {}
      if (!this.destroyed && this.handle.getsockname !== undefined) this.handle.getsockname(out)
      this.local = out
    }
    return this.local
  }

  /** Called by onStreamRead. */
  readDone (nread: number, ab: ArrayBuffer | undefined): void {
    if (this.destroyed) return
    if (nread > 0 && ab !== undefined) {
      this.touch()
      this.user.onConnData(Buffer.from(ab, streamBaseState[kArrayBufferOffset], nread))
      return
    }
    if (nread === 0) return
    if (nread !== UV_EOF) { this.destroy(); return }
    this.eof = true
    this.reading = false
    this.user.onConnEnd()
  }
}

function onStreamRead (this: StreamHandle, ab: ArrayBuffer | undefined): void {
  const conn = this.conn
  if (conn !== undefined) conn.readDone(streamBaseState[kReadBytesOrError], ab)
}

function afterWrite (this: ConnWriteReq, status: number): void {
  this.conn.writeDone(this, status)
}

function afterShutdown (this: ConnShutdownReq, status: number): void {
  this.conn.shutdownDone(status)
}

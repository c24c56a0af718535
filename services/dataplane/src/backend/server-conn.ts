/**
 * One HTTP connection to a server, from connect to close. Its socket listeners are
 * installed once and hand events to whoever uses the connection now (`user`), so
 * moving a connection between sessions and the idle pool costs no listener churn.
 * Owns: the socket, its use count, idle-pool membership. Does not own: framing.
 * HAProxy reference: include/haproxy/connection-t.h struct connection, src/server.c idle lists
 */
import type { Socket } from 'node:net'
import type { Server } from './server.js'
import { writeThrough, type ByteSink, type ReadBuffer } from '../stream/relay.js'

/**
 * What a session implements to receive a server connection's events. `d` is a view
 * of the connection's read buffer, valid only during the call: keep a copy of what
 * must outlive it, and return false while a write still points into it (reading
 * stays stopped until `conn.socket.resume()`).
 */
export interface ServerConnUser {
  onServerData (conn: ServerConn, d: Buffer): boolean
  onServerEnd (conn: ServerConn): void
  onServerClose (conn: ServerConn): void
  onServerTimeout (conn: ServerConn): void
}

export class ServerConn {
  /** Who receives events; undefined while idle (any event then closes the connection). */
  user: ServerConnUser | undefined
  /** The session that last used it: it may take it back before the pool shares it. */
  owner: object | undefined
  /** Responses completed on it; 1 or more shows the server keeps connections alive. */
  uses = 0
  /** When it became idle (for purging), 0 while in use. */
  idleSince = 0
  /** Kept out of the shared pool (`http-reuse never`). */
  private_ = false

  constructor (readonly socket: Socket, readonly server: Server, timeoutMs: number, private readonly reads: ReadBuffer) {
    reads.setSink((d) => {
      const u = this.user
      if (u === undefined) { this.close(); return false }
      // No yield after a full read here, unlike tcp mode: a response ends soon, and
      // stopping between its parts measurably lengthened the tail latency.
      return u.onServerData(this, d)
    })
    socket.on('end', () => {
      const u = this.user
      if (u !== undefined) u.onServerEnd(this)
      else this.close()
    })
    socket.on('error', () => socket.destroy())
    socket.on('close', () => {
      const u = this.user
      this.user = undefined
      server.dropIdle(this)
      if (u !== undefined) u.onServerClose(this)
    })
    if (timeoutMs > 0) {
      socket.setTimeout(timeoutMs)
      socket.on('timeout', () => {
        const u = this.user
        if (u !== undefined) u.onServerTimeout(this)
        else this.close()
      })
    }
  }

  get open (): boolean {
    return !this.socket.destroyed && this.socket.readyState === 'open'
  }

  /** Closes it without telling the current user (who asked for it). */
  close (): void {
    this.user = undefined
    this.server.dropIdle(this)
    this.socket.destroy()
  }

  /** Turns it into the server half of a tunnel (Upgrade, CONNECT): reads go straight to `client`. */
  detach (client: ByteSink): Socket {
    this.user = undefined
    // The idle handlers would close it: the tunnel installs its own.
    this.socket.removeAllListeners('end').removeAllListeners('timeout')
    this.reads.setSink(writeThrough(this.socket, client, this.reads.size))
    return this.socket
  }
}

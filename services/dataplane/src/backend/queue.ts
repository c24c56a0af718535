/**
 * Waiting requests: a FIFO per server and one per backend, with the timer of
 * `timeout queue`. A pending entry is granted a server or expires (503).
 * HAProxy reference: src/queue.c pendconn_add(), process_srv_queue()
 */
import type { Server } from './server.js'

export type Pending = {
  /** Called once with the server whose slot was reserved for it. */
  grant: (server: Server) => void
  /** Called once when `timeout queue` expires (or the backend stops). */
  expire: () => void
  timer: NodeJS.Timeout | undefined
  done: boolean
  /** Queued on this server only (persistence), or on the backend. */
  server: Server | undefined
  queuedAt: number
}

/** A FIFO with O(1) shift and removal by marking entries done. */
export class Queue {
  private items: Pending[] = []
  private head = 0

  get length (): number { return this.items.length - this.head }

  push (p: Pending): void { this.items.push(p) }

  shift (): Pending | undefined {
    while (this.head < this.items.length) {
      const p = this.items[this.head++] as Pending
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head)
        this.head = 0
      }
      if (!p.done) return p
    }
    return undefined
  }

  /** Entries stay until shifted; `done` marks them as gone. Compacts the counted length. */
  remove (p: Pending): void {
    p.done = true
    const i = this.items.indexOf(p, this.head)
    if (i >= 0) this.items.splice(i, 1)
  }

  drain (): Pending[] {
    const rest = this.items.slice(this.head).filter(p => !p.done)
    this.items = []
    this.head = 0
    return rest
  }
}

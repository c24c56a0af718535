import type { Socket } from 'node:net'
import { rawServer, type Backend } from './backends.js'

/** One request as a scripted server received it. */
export type ScriptedRequest = {
  /** 0-based, over the whole server. */
  readonly index: number
  /** 1-based number of the TCP connection it came on. */
  readonly conn: number
  /** 0-based position of the request on its connection. */
  readonly onConn: number
  readonly method: string
  readonly target: string
  /** The head exactly as received, final CRLFCRLF included. */
  readonly head: Buffer
  readonly body: Buffer
}

export type Scripted = Backend & {
  /** Every complete request so far, in arrival order. */
  readonly seen: readonly ScriptedRequest[]
  /** All bytes received on each connection, in connection order. */
  readonly received: () => Buffer[]
}

/**
 * A raw HTTP/1.x server for misbehaving backends: it frames requests (head, then a
 * Content-Length body; no chunked) and hands each one to `answer`, which writes
 * whatever it likes on the socket: a response, garbage, nothing, or a close.
 */
export async function scriptedHttpServer (answer: (r: ScriptedRequest, s: Socket) => void): Promise<Scripted> {
  const seen: ScriptedRequest[] = []
  const received: Buffer[][] = []
  let connNo = 0
  const b = await rawServer((s) => {
    const conn = ++connNo
    const chunks: Buffer[] = []
    received.push(chunks)
    let buf = Buffer.alloc(0)
    let onConn = 0
    s.on('data', (d: Buffer) => {
      chunks.push(d)
      buf = Buffer.concat([buf, d])
      for (;;) {
        const end = buf.indexOf('\r\n\r\n')
        if (end < 0) return
        const head = buf.subarray(0, end + 4)
        const text = head.toString('latin1')
        const m = /\r\ncontent-length:[ \t]*(\d+)/i.exec(text)
        const len = m === null ? 0 : Number(m[1])
        if (buf.length < end + 4 + len) return
        const body = buf.subarray(end + 4, end + 4 + len)
        buf = buf.subarray(end + 4 + len)
        const [method = '', target = ''] = text.split('\r\n', 1)[0]?.split(' ') ?? []
        const r: ScriptedRequest = { index: seen.length, conn, onConn: onConn++, method, target, head: Buffer.from(head), body: Buffer.from(body) }
        seen.push(r)
        answer(r, s)
        if (s.destroyed) return
      }
    })
    s.on('end', () => s.end())
  })
  return { ...b, requests: () => seen.length, seen, received: () => received.map(c => Buffer.concat(c)) }
}

/** A complete HTTP/1.1 response with a Content-Length body (keep-alive unless headers say otherwise). */
export function httpResponse (status: number, body: string, headers: readonly string[] = [], reason = status === 200 ? 'OK' : 'Status'): string {
  const extra = headers.map(h => `${h}\r\n`).join('')
  return `HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
}

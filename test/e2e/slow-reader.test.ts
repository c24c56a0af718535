// A client that stops reading while the server streams many small pieces, then
// reads again: the proxy stops reading the server while its writes to the client
// are queued (the server read buffer backs them) and must resume once they are
// written, in mode http (chunked) and mode tcp. Every byte arrives, in order.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { rawServer, startDataplane } from '../harness/index.js'

const PIECES = 4000
const PIECE = Buffer.alloc(700, 0x61)
const CHUNK = Buffer.concat([Buffer.from('2bc\r\n'), PIECE, Buffer.from('\r\n')])
const HEAD = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'

/** Writes the pieces a few at a time, as fast as the event loop goes. */
function stream (s: Socket, http: boolean): void {
  if (http) s.write(HEAD)
  let i = 0
  const step = (): void => {
    for (let k = 0; k < 4 && i < PIECES; k++, i++) s.write(http ? CHUNK : PIECE)
    if (i < PIECES) setImmediate(step)
    else if (http) s.write('0\r\n\r\n')
    else s.end()
  }
  step()
}

/** Sends a request, reads nothing for `stallMs`, then collects `want` bytes. */
function stalledClient (port: number, want: number, stallMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const c = connect(port, '127.0.0.1', () => c.write('GET / HTTP/1.1\r\nHost: t\r\n\r\n'))
    const parts: Buffer[] = []
    let n = 0
    c.pause()
    const timer = setTimeout(() => { c.destroy(); reject(new Error(`stalled after ${n} of ${want} bytes`)) }, 10_000)
    setTimeout(() => {
      c.on('data', (d: Buffer) => {
        parts.push(d)
        n += d.length
        if (n >= want) { clearTimeout(timer); c.destroy(); resolve(Buffer.concat(parts)) }
      })
      c.resume()
    }, stallMs)
    c.on('error', reject)
  })
}

for (const mode of ['http', 'tcp'] as const) {
  test(`mode ${mode}: a client that stalls, then reads, gets every byte of a stream of small pieces`, async (t) => {
    const server = await rawServer(s => { s.once('data', () => stream(s, mode === 'http')) })
    t.after(() => server.close())
    const p = await startDataplane(`
defaults
  mode ${mode}
  timeout connect 1s
  timeout client 30s
  timeout server 30s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  server s1 127.0.0.1:${server.port}
`)
    t.after(() => p.stop())
    const bodyLen = PIECES * (mode === 'http' ? CHUNK.length : PIECE.length)
    // http: the head is canonical, so it is forwarded as it is; then the body and its last chunk
    const got = await stalledClient(p.port('fe'), bodyLen + (mode === 'http' ? HEAD.length + 5 : 0), 800)
    const body = mode === 'http' ? got.subarray(got.indexOf('\r\n\r\n') + 4) : got
    assert.ok(body.length >= bodyLen, `${body.length} of ${bodyLen} body bytes`)
    const unit = mode === 'http' ? CHUNK : PIECE
    for (let i = 0; i < PIECES; i += 97) assert.ok(body.subarray(i * unit.length, (i + 1) * unit.length).equals(unit), `piece ${i} intact`)
  })
}

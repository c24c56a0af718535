// mode tcp: the client half-closes (end()) after sending; the proxy forwards the
// FIN, the echo server finishes, and the client still receives every echoed byte,
// then EOF. Also with a slow reader, so the proxy has data buffered at the end.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { createHash, randomBytes } from 'node:crypto'
import { tcpEcho, startDataplane } from '../harness/index.js'

async function startProxy (t: { after: (fn: () => Promise<void>) => void }): Promise<number> {
  const echo = await tcpEcho()
  t.after(() => echo.close())
  const p = await startDataplane(`
defaults
  mode tcp
  timeout connect 2s
  timeout client 10s
  timeout server 10s
listen echo
  bind 127.0.0.1:0
  server e1 127.0.0.1:${echo.port}
`)
  t.after(async () => { await p.stop() })
  return p.port('echo')
}

type Echoed = { bytes: number; digest: string; ended: boolean }

/** Sends `payload`, half-closes, reads until EOF (pausing `pauseMs` every 1 MiB read). */
function sendAndHalfClose (port: number, payload: Buffer, pauseMs: number): Promise<Echoed> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, allowHalfOpen: true })
    const h = createHash('sha256')
    let bytes = 0
    let nextPause = 1 << 20
    let ended = false
    let longPause = false
    s.setTimeout(15_000, () => s.destroy(new Error('stalled')))
    s.on('data', (d: Buffer) => {
      h.update(d)
      bytes += d.length
      if (pauseMs > 0 && bytes >= nextPause) {
        nextPause += 1 << 20
        s.pause()
        // A long stall near the end leaves the proxy with data buffered when the server's FIN comes.
        setTimeout(() => s.resume(), bytes > payload.length - (2 << 20) && !longPause ? (longPause = true, 500) : pauseMs)
      }
    })
    s.on('end', () => { ended = true; s.end() })
    s.on('error', reject)
    s.on('close', () => resolve({ bytes, digest: h.digest('hex'), ended }))
    s.end(payload)
  })
}

const digest = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

test('half-close: small payload is echoed in full, then EOF', async (t) => {
  const port = await startProxy(t)
  const payload = Buffer.from('hello, half-closed world\n')
  const r = await sendAndHalfClose(port, payload, 0)
  assert.equal(r.ended, true, 'client saw EOF (not a reset)')
  assert.equal(r.bytes, payload.length)
  assert.equal(r.digest, digest(payload))
})

test('half-close: 16 MiB to a slow reader is echoed in full, then EOF', async (t) => {
  const port = await startProxy(t)
  const payload = randomBytes(16 << 20)
  const r = await sendAndHalfClose(port, payload, 20)
  assert.equal(r.ended, true, 'client saw EOF (not a reset)')
  assert.equal(r.bytes, payload.length)
  assert.equal(r.digest, digest(payload))
})

test('half-close: the server answers only after the client FIN', async (t) => {
  // A server that waits for EOF before answering (like `wc -c`): the FIN must reach it.
  const { rawServer } = await import('../harness/index.js')
  const counter = await rawServer(s => {
    let n = 0
    s.on('data', (d: Buffer) => { n += d.length })
    s.on('end', () => s.end(`${n} bytes\n`))
  })
  t.after(() => counter.close())
  const p = await startDataplane(`
defaults
  mode tcp
  timeout connect 2s
  timeout client 5s
  timeout server 5s
listen wc
  bind 127.0.0.1:0
  server c1 127.0.0.1:${counter.port}
`)
  t.after(() => p.stop())
  const chunks: Buffer[] = []
  const ended = await new Promise<boolean>((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port: p.port('wc'), allowHalfOpen: true })
    let sawEnd = false
    s.setTimeout(5000, () => s.destroy(new Error('stalled')))
    s.on('data', (d: Buffer) => chunks.push(d))
    s.on('end', () => { sawEnd = true; s.end() })
    s.on('error', reject)
    s.on('close', () => resolve(sawEnd))
    s.end(Buffer.alloc(100_000, 0x61))
  })
  assert.equal(ended, true)
  assert.equal(Buffer.concat(chunks).toString(), '100000 bytes\n')
})

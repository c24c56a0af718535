/**
 * `timeout client` covers the client's own silences (while it sends a request,
 * while it reads a response, while idle), not the wait for a slow server: a
 * long poll answered after `timeout client` still reaches the client.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { connect } from 'node:net'
import { rawRequest, rawServer, startDataplane } from '../harness/index.js'

async function setup (t: { after: (fn: () => unknown) => void }): Promise<number> {
  const be = await rawServer(s => {
    s.on('data', () => { setTimeout(() => s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate'), 1000) })
  })
  t.after(() => be.close())
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 400ms
  timeout server 3s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  server s1 127.0.0.1:${be.port}
`)
  t.after(() => dp.stop())
  return dp.port('fe')
}

test('a response slower than timeout client still reaches the client', async (t) => {
  const port = await setup(t)
  const r = await rawRequest(port, 'GET /poll HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 4000 })
  assert.equal(r.text, 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate')
  // Then the idle keep-alive connection is closed by timeout client.
  assert.equal(r.closed, true)
  assert.ok(r.ms >= 1300 && r.ms < 2500, `closed after ${r.ms} ms`)
})

test('a client silent in the middle of its request body is not cut while the server works', async (t) => {
  const port = await setup(t)
  const r = await rawRequest(port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345', { timeoutMs: 4000 })
  assert.match(r.text, /^HTTP\/1\.1 200 OK\r\nContent-Length: 4\r\n(connection: close\r\n)?\r\nlate$/)
  assert.ok(r.ms >= 900, `answered after ${r.ms} ms`)
})

test('a client that stops reading a response is cut after timeout client', async (t) => {
  const be = await rawServer(s => {
    s.once('data', () => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n')
      const piece = Buffer.alloc(1 << 20)
      const pump = (): void => { while (!s.destroyed && s.write(piece)); }
      s.on('drain', pump)
      pump()
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 400ms
  timeout server 10s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  server s1 127.0.0.1:${be.port}
`)
  t.after(() => dp.stop())
  const sock = connect({ port: dp.port('fe'), host: '127.0.0.1' })
  t.after(() => sock.destroy())
  sock.write('GET /big HTTP/1.1\r\nHost: x\r\n\r\n')
  // Read the first bytes, then stop reading.
  await once(sock, 'data', { signal: AbortSignal.timeout(3000) })
  sock.pause()
  const started = Date.now()
  sock.on('error', () => undefined)
  for (let i = 0; i < 150 && dp.dataplane.connections > 0; i++) await new Promise(r => setTimeout(r, 20))
  const ms = Date.now() - started
  assert.equal(dp.dataplane.connections, 0, 'the proxy closed the client connection')
  assert.ok(ms >= 300 && ms < 2500, `cut after ${ms} ms`)
  assert.equal(dp.dataplane.backends.get('be')?.servers[0]?.slot.active, 0)
})

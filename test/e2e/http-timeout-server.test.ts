/**
 * `timeout server`: a server that accepts the request and stays silent gets the
 * client HAProxy's 504 after the timeout; a server silent mid-body gets the
 * client connection aborted (a status line was already sent).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rawRequest, rawServer, startDataplane } from '../harness/index.js'

const PAGE_504 = 'HTTP/1.1 504 Gateway Time-out\r\ncontent-length: 92\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n' +
  "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>\n"

async function setup (t: { after: (fn: () => unknown) => void }, onData: (s: import('node:net').Socket) => void): Promise<{ port: number; closed: () => number }> {
  let closed = 0
  const be = await rawServer(s => { s.once('data', () => onData(s)); s.on('end', () => { closed++; s.end() }) })
  t.after(() => be.close())
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 400ms
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  server s1 127.0.0.1:${be.port}
`)
  t.after(() => dp.stop())
  return { port: dp.port('fe'), closed: () => closed }
}

test('a silent server: 504 with HAProxy\'s page after timeout server, both sides closed', async (t) => {
  const { port, closed } = await setup(t, () => undefined)
  const r = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 3000 })
  assert.equal(r.text, PAGE_504)
  assert.equal(r.closed, true)
  assert.ok(r.ms >= 350 && r.ms < 1500, `504 after ${r.ms} ms`)
  for (let i = 0; i < 50 && closed() === 0; i++) await new Promise(r => setTimeout(r, 20))
  assert.equal(closed(), 1, 'the server connection was closed')
})

test('a server that stops mid-body: the client connection is cut, no 504 appended', async (t) => {
  const { port } = await setup(t, s => s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial'))
  const r = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 3000 })
  assert.equal(r.closed, true)
  assert.ok(r.ms >= 350 && r.ms < 1500, `cut after ${r.ms} ms`)
  assert.equal(r.text, 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial')
})

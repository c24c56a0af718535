/**
 * A server that refuses connections: the request is retried `retries` times,
 * then answered with HAProxy's 503 page, and the client connection is closed.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { freePort, rawRequest, startDataplane } from '../harness/index.js'

const PAGE_503 = 'HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n' +
  '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n'

test('connection refused: 503 after the retries', async (t) => {
  const port = await freePort()
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  retries 2
  server s1 127.0.0.1:${port}
`)
  t.after(() => dp.stop())
  const r = await rawRequest(dp.port('fe'), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 6000 })
  assert.equal(r.text, PAGE_503)
  assert.equal(r.closed, true)
  const s1 = dp.dataplane.backends.get('be')?.servers[0]
  assert.equal(s1?.counters.connectErrors, 3)
  assert.equal(s1?.counters.retries, 2)
  assert.equal(s1?.slot.active, 0, 'the slot was given back')
})

test('retries 0: 503 at once', async (t) => {
  const port = await freePort()
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  retries 0
  server s1 127.0.0.1:${port}
`)
  t.after(() => dp.stop())
  const r = await rawRequest(dp.port('fe'), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 3000 })
  assert.equal(r.text, PAGE_503)
  assert.ok(r.ms < 500, `503 after ${r.ms} ms`)
})

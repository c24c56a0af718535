/**
 * `timeout http-request`: a client trickling a request head gets HAProxy's 408
 * and a close once the timeout has run from the first byte, however often it
 * sends; the trickle never reaches the server.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rawRequest, rawServer, startDataplane } from '../harness/index.js'

const PAGE_408 = 'HTTP/1.1 408 Request Time-out\r\nContent-length: 110\r\nCache-Control: no-cache\r\nConnection: close\r\n' +
  "Content-Type: text/html\r\n\r\n<html><body><h1>408 Request Time-out</h1>\nYour browser didn't send a complete request in time.\n</body></html>\n"

async function setup (t: { after: (fn: () => unknown) => void }): Promise<{ port: number; conns: () => number }> {
  const be = await rawServer(s => s.on('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')))
  t.after(() => be.close())
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
  timeout http-request 500ms
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  server s1 127.0.0.1:${be.port}
`)
  t.after(() => dp.stop())
  return { port: dp.port('fe'), conns: be.connections }
}

test('a head sent one byte every 100 ms gets 408 and a close after ~500 ms', async (t) => {
  const { port, conns } = await setup(t)
  const head = 'GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: slow\r\n\r\n'
  const r = await rawRequest(port, head.split(''), { pauseMs: 100, timeoutMs: 4000 })
  assert.equal(r.text, PAGE_408)
  assert.equal(r.closed, true)
  assert.ok(r.ms >= 450 && r.ms < 1200, `408 after ${r.ms} ms`)
  assert.equal(conns(), 0)
})

test('a connection that sends nothing gets 408 after timeout http-request', async (t) => {
  const { port, conns } = await setup(t)
  const r = await rawRequest(port, '', { timeoutMs: 4000 })
  assert.equal(r.text, PAGE_408)
  assert.ok(r.ms >= 450 && r.ms < 1200, `408 after ${r.ms} ms`)
  assert.equal(conns(), 0)
})

test('a complete head within the timeout is served, then the idle connection closes quietly', async (t) => {
  const { port, conns } = await setup(t)
  const r = await rawRequest(port, ['GET / HTTP/1.1\r\n', 'Host: x\r\n', '\r\n'], { pauseMs: 100, timeoutMs: 4000 })
  assert.equal(r.text, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
  assert.equal(r.closed, true)
  assert.ok(r.ms >= 700 && r.ms < 1500, `closed after ${r.ms} ms`)
  assert.equal(conns(), 1)
})

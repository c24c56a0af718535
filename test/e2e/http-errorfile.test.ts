/**
 * `errorfile <code> <file>`: the proxy's own 503 is the file's content (as
 * HAProxy re-encodes it: lower-case names, `connection: close` last); an empty
 * file means "close without answering"; other statuses keep the built-in page.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, rawRequest, startDataplane, tempDir } from '../harness/index.js'

test('errorfile 503 replaces the 503 answer', async (t) => {
  const tmp = tempDir()
  t.after(tmp.cleanup)
  // Bare LF line ends, as errorfiles are usually written.
  const file = join(tmp.dir, '503.http')
  writeFileSync(file, 'HTTP/1.1 503 Service Unavailable\nCache-Control: no-cache\nConnection: close\nContent-Type: text/plain\nX-Custom: Yes\n\nsorry, custom 503\n')
  const dead = await freePort()
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
  errorfile 503 ${file}
  server s1 127.0.0.1:${dead}
`)
  t.after(() => dp.stop())
  const r = await rawRequest(dp.port('fe'), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  assert.equal(r.text, 'HTTP/1.1 503 Service Unavailable\r\ncache-control: no-cache\r\ncontent-type: text/plain\r\nx-custom: Yes\r\nconnection: close\r\n\r\nsorry, custom 503\n')
  assert.equal(r.closed, true)
})

test('errorfile in defaults applies to the frontend and backend; an empty one closes silently', async (t) => {
  const tmp = tempDir()
  t.after(tmp.cleanup)
  const f503 = join(tmp.dir, '503.http')
  writeFileSync(f503, 'HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nmaint now')
  const f408 = join(tmp.dir, 'empty.http')
  writeFileSync(f408, '')
  const dead = await freePort()
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
  timeout http-request 300ms
  errorfile 503 ${f503}
  errorfile 408 ${f408}
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  retries 0
  server s1 127.0.0.1:${dead}
`)
  t.after(() => dp.stop())
  const r = await rawRequest(dp.port('fe'), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  assert.equal(r.text, 'HTTP/1.0 503 Service Unavailable\r\ncontent-type: text/html\r\ncontent-length: 9\r\n\r\nmaint now')
  const idle = await rawRequest(dp.port('fe'), 'GET / HTTP/1.1\r\n', { timeoutMs: 3000 })
  assert.equal(idle.text, '')
  assert.equal(idle.closed, true)
  assert.ok(idle.ms >= 250 && idle.ms < 1500, `closed after ${idle.ms} ms`)
})

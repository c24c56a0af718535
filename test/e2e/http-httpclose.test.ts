/**
 * `option httpclose`: both sides close after each exchange; the client is told
 * with `connection: close` and the server is asked with `Connection: close`.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rawRequest, rawServer, splitResponses, startDataplane } from '../harness/index.js'

function config (port: number): string {
  return `
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  option httpclose
  default_backend be
backend be
  server s1 127.0.0.1:${port}
`
}

test('httpclose: client and server connections both close after the response', async (t) => {
  let ends = 0
  const heads: string[] = []
  const be = await rawServer(s => {
    s.on('data', d => { heads.push(d.toString('latin1')); s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok') })
    s.on('end', () => { ends++; s.end() })
  })
  t.after(() => be.close())
  const dp = await startDataplane(config(be.port))
  t.after(() => dp.stop())
  // A keep-alive HTTP/1.1 client with a second request pipelined: only the first is answered.
  const r = await rawRequest(dp.port('fe'), 'GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n')
  assert.equal(r.closed, true)
  assert.ok(r.ms < 2000, `closed after ${r.ms} ms`)
  const res = splitResponses(r.text)
  assert.equal(res.length, 1)
  assert.equal(res[0]?.status, 200)
  assert.equal(res[0]?.body, 'ok')
  assert.equal(res[0]?.headers['connection'], 'close')
  for (let i = 0; i < 50 && ends < 1; i++) await new Promise(r => setTimeout(r, 20))
  assert.equal(ends, 1, 'the server connection was closed by the proxy')
  assert.equal(be.connections(), 1)
  assert.equal(heads.length, 1)
  assert.match(heads[0] ?? '', /^GET \/a HTTP\/1\.1\r\n/)
  assert.match(heads[0] ?? '', /\r\nConnection: close\r\n/i)
})

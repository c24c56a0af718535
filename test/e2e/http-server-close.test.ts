/**
 * `option http-server-close`: the server connection closes after each response
 * while the client connection stays open for the next request.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Client } from 'undici'
import { httpBackend, rawServer, startDataplane } from '../harness/index.js'

function config (port: number): string {
  return `
defaults
  mode http
  option http-server-close
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  server s1 127.0.0.1:${port}
`
}

test('http-server-close: one client connection, one server connection per request', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const dp = await startDataplane(config(be.port))
  t.after(() => dp.stop())
  const c = new Client(`http://127.0.0.1:${dp.port('fe')}`, { pipelining: 1 })
  t.after(() => c.destroy())
  for (let i = 0; i < 5; i++) {
    const r = await c.request({ method: 'GET', path: `/r${i}` })
    assert.equal(await r.body.text(), `s1 GET /r${i}`)
    assert.equal(r.headers['connection'], undefined, 'the client side stays keep-alive')
    // The server is asked to close.
    const seen = JSON.parse(String(r.headers['x-request-headers'])) as string[]
    const i2 = seen.findIndex(h => h.toLowerCase() === 'connection')
    assert.equal(seen[i2 + 1], 'close')
  }
  assert.equal(dp.dataplane.frontends[0]?.counters.total, 1)
  assert.equal(be.connections(), 5)
})

test('http-server-close: the proxy closes a server connection the server would keep', async (t) => {
  let ends = 0
  const be = await rawServer(s => {
    s.on('data', () => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'))
    s.on('end', () => { ends++; s.end() })
  })
  t.after(() => be.close())
  const dp = await startDataplane(config(be.port))
  t.after(() => dp.stop())
  const c = new Client(`http://127.0.0.1:${dp.port('fe')}`, { pipelining: 1 })
  t.after(() => c.destroy())
  for (let i = 0; i < 3; i++) {
    const r = await c.request({ method: 'GET', path: '/' })
    assert.equal(await r.body.text(), 'ok')
  }
  for (let i = 0; i < 50 && ends < 3; i++) await new Promise(r => setTimeout(r, 20))
  assert.equal(be.connections(), 3)
  assert.equal(ends, 3)
  assert.equal(dp.dataplane.frontends[0]?.counters.total, 1)
})

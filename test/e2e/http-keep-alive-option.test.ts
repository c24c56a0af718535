/**
 * `option http-keep-alive` (the default mode): written after `option httpclose`
 * in defaults it replaces it, and both sides stay open between requests.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Client } from 'undici'
import { httpBackend, startDataplane } from '../harness/index.js'

test('http-keep-alive overrides an inherited httpclose: both sides stay open', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const dp = await startDataplane(`
defaults
  mode http
  option httpclose
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  option http-keep-alive
  default_backend be
backend be
  option http-keep-alive
  server s1 127.0.0.1:${be.port}
`)
  t.after(() => dp.stop())
  const c = new Client(`http://127.0.0.1:${dp.port('fe')}`, { pipelining: 1 })
  t.after(() => c.destroy())
  for (let i = 0; i < 10; i++) {
    const r = await c.request({ method: 'GET', path: `/r${i}` })
    assert.equal(await r.body.text(), `s1 GET /r${i}`)
    assert.equal(r.headers['connection'], undefined)
    const seen = JSON.parse(String(r.headers['x-request-headers'])) as string[]
    assert.ok(!seen.some(h => h.toLowerCase() === 'connection'), `server saw ${seen.join(' ')}`)
  }
  assert.equal(dp.dataplane.frontends[0]?.counters.total, 1)
  assert.equal(be.connections(), 1)
})

test('httpclose in the backend alone still closes both sides', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  option http-keep-alive
  default_backend be
backend be
  option httpclose
  server s1 127.0.0.1:${be.port}
`)
  t.after(() => dp.stop())
  const c = new Client(`http://127.0.0.1:${dp.port('fe')}`, { pipelining: 1 })
  t.after(() => c.destroy())
  for (let i = 0; i < 3; i++) {
    const r = await c.request({ method: 'GET', path: `/r${i}` })
    assert.equal(await r.body.text(), `s1 GET /r${i}`)
    assert.equal(r.headers['connection'], 'close')
  }
  assert.equal(dp.dataplane.frontends[0]?.counters.total, 3)
  assert.equal(be.connections(), 3)
})

/**
 * `monitor-uri`: the proxy answers that URI itself with HAProxy's 200 page (the
 * server never sees it), or its 503 page while a `monitor fail` condition holds.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startDataplane, httpBackend, HTTP_DEFAULTS } from '../harness/index.js'

test('monitor-uri answers 200 without the server; monitor fail turns it into 503', async (t) => {
  const be = await httpBackend('app')
  t.after(() => be.close())
  const p = await startDataplane(`${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
  monitor-uri /haproxy_test
  monitor fail if { hdr(x-drain) yes }
  default_backend be
backend be
  server app 127.0.0.1:${be.port}
`)
  t.after(() => p.stop())
  const base = `http://127.0.0.1:${p.port('fe')}`
  const ok = await fetch(`${base}/haproxy_test`)
  assert.equal(ok.status, 200)
  assert.equal(await ok.text(), '<html><body><h1>200 OK</h1>\nService ready.\n</body></html>\n')
  const failing = await fetch(`${base}/haproxy_test`, { headers: { 'x-drain': 'yes' } })
  assert.equal(failing.status, 503)
  assert.equal(be.requests(), 0, 'the server never saw a monitor request')
  const other = await fetch(`${base}/haproxy_test/x`)
  assert.equal(await other.text(), 'app GET /haproxy_test/x')
  assert.equal(be.requests(), 1)
})

/**
 * Fetches about the proxies' live state in rules: nbsrv, srv_is_up, connslots,
 * be_conn, queue and fe_conn, read from the running data plane. A backend whose
 * servers are all disabled sends traffic to a sorry backend (`nbsrv(...) lt 1`).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { startDataplane, httpBackend, HTTP_DEFAULTS } from '../harness/index.js'

test('nbsrv routes around a dead backend; srv_is_up, connslots, be_conn, queue and fe_conn in headers', async (t) => {
  const sorry = await httpBackend('sorry', (req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify({ name: 'sorry', headers: req.headers })
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) })
    res.end(body)
  })
  t.after(() => sorry.close())
  const p = await startDataplane(`${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
  acl main_dead nbsrv(be_main) lt 1
  http-request set-header X-Nbsrv %[nbsrv(be_two)]
  http-request set-header X-Up-A %[srv_is_up(be_two/a)]
  http-request set-header X-Up-B %[srv_is_up(be_two/b)]
  http-request set-header X-Slots %[connslots(be_two)]
  http-request set-header X-Conns "%[be_conn(be_two)] %[queue(be_two)] %[fe_conn]"
  use_backend be_sorry if main_dead
  default_backend be_main
backend be_main
  server m 127.0.0.1:1 disabled
backend be_two
  server a 127.0.0.1:1 maxconn 10 maxqueue 3
  server b 127.0.0.1:1 maxconn 5 disabled
backend be_sorry
  server s 127.0.0.1:${sorry.port}
`)
  t.after(() => p.stop())
  const r = await fetch(`http://127.0.0.1:${p.port('fe')}/`)
  const seen = (await r.json()) as { name: string; headers: Record<string, string> }
  assert.equal(seen.name, 'sorry')
  assert.equal(seen.headers['x-nbsrv'], '1')
  assert.equal(seen.headers['x-up-a'], '1')
  assert.equal(seen.headers['x-up-b'], '0')
  assert.equal(seen.headers['x-slots'], '13', '10 free connections and 3 queue places on the one usable server')
  assert.equal(seen.headers['x-conns'], '0 0 1', 'nothing on be_two, this one connection on fe')
})

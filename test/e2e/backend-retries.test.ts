// Connection retries: `retries N` re-attempts a refused connection (after a
// turn-around of MIN(1 s, timeout connect)); `option redispatch` moves the last
// retry to another server, or every retry when the algorithm is round-robin-like
// and another server is active (HAProxy's stream.c); with nowhere to go, a 503.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { freePort, httpBackend, startDataplane, type InProcess } from '../harness/index.js'
import { get } from './balance-helpers.js'

function counters (p: InProcess, server: string): { connectErrors: number; retries: number; redispatches: number } {
  const s = p.dataplane.backends.get('be')?.byName.get(server)
  if (s === undefined) throw new Error(`no server ${server}`)
  return s.counters
}

/** A backend whose first server refuses connections, with retries 2 and option redispatch. */
function deadThenLive (balance: string, dead: number, live: number): string {
  return `
defaults
  mode http
  timeout connect 300ms
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  balance ${balance}
  retries 2
  option redispatch
  server dead 127.0.0.1:${dead}
  server live 127.0.0.1:${live}
`
}

test('retries 2 + option redispatch: requests succeed on the working server', async (t) => {
  const dead = await freePort()
  const live = await httpBackend('live')
  t.after(() => live.close())
  const p = await startDataplane(deadThenLive('roundrobin', dead, live.port))
  t.after(() => p.stop())
  for (let i = 0; i < 4; i++) {
    const r = await get(p.port('fe'), `/r${i}`)
    assert.equal(r.status, 200, r.body)
    assert.equal(r.server, 'live')
  }
  const c = counters(p, 'dead')
  assert.ok(c.connectErrors >= 1, `dead server was tried ${c.connectErrors} times`)
  assert.equal(c.redispatches, c.connectErrors, 'round robin, two active servers: the first retry already goes elsewhere')
  assert.equal(live.requests(), 4)
})

test('retries 2 + option redispatch with balance first: the dead server gets its retry, the last one moves', async (t) => {
  const dead = await freePort()
  const live = await httpBackend('live')
  t.after(() => live.close())
  const p = await startDataplane(deadThenLive('first', dead, live.port))
  t.after(() => p.stop())
  const r = await get(p.port('fe'), '/f')
  assert.equal(r.status, 200, r.body)
  assert.equal(r.server, 'live')
  const c = counters(p, 'dead')
  assert.equal(c.connectErrors, 2, 'first try and retry 1 on the chosen server, retry 2 (the last) elsewhere')
  assert.equal(c.redispatches, 1)
})

test('without redispatch, a dead server gets 1 + retries attempts, then 503', async (t) => {
  const dead = await freePort()
  const p = await startDataplane(`
defaults
  mode http
  timeout connect 300ms
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  retries 2
  server dead 127.0.0.1:${dead}
`)
  t.after(() => p.stop())
  const t0 = Date.now()
  const r = await get(p.port('fe'))
  const ms = Date.now() - t0
  assert.equal(r.status, 503)
  assert.equal(counters(p, 'dead').connectErrors, 3)
  assert.equal(counters(p, 'dead').retries, 2)
  // Two turn-arounds of MIN(1 s, timeout connect 300 ms) between the three attempts.
  assert.ok(ms >= 550 && ms < 2000, `503 after ${ms} ms`)
})

test('retries 0: one attempt, immediate 503', async (t) => {
  const dead = await freePort()
  const p = await startDataplane(`
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  retries 0
  server dead 127.0.0.1:${dead}
`)
  t.after(() => p.stop())
  const t0 = Date.now()
  const r = await get(p.port('fe'))
  assert.equal(r.status, 503)
  assert.ok(Date.now() - t0 < 500)
  assert.equal(counters(p, 'dead').connectErrors, 1)
})

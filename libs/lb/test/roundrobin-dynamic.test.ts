import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balance, counts, picks, slots } from './helpers.js'

test('roundrobin: a runtime weight change applies to the next picks', () => {
  const servers = slots(1, 1)
  const b = balance('roundrobin', servers)
  assert.deepEqual(counts(picks(b, 100)), { s1: 50, s2: 50 })
  const s2 = servers[1]
  assert.ok(s2)
  s2.weight = 3
  b.update?.(s2)
  assert.deepEqual(counts(picks(b, 400)), { s1: 100, s2: 300 })
})

test('roundrobin: weight 0 takes no new traffic', () => {
  const servers = slots(1, 1)
  const b = balance('roundrobin', servers)
  const s1 = servers[0]
  assert.ok(s1)
  s1.weight = 0
  b.update?.(s1)
  assert.deepEqual(counts(picks(b, 10)), { s2: 10 })
})

test('roundrobin: a down server is skipped, then used again once up', () => {
  const servers = slots(1, 1, 1)
  const b = balance('roundrobin', servers)
  const s2 = servers[1]
  assert.ok(s2)
  s2.usable = false
  b.update?.(s2)
  assert.deepEqual(counts(picks(b, 10)), { s1: 5, s3: 5 })
  s2.usable = true // no update() call: the balancer notices by itself
  assert.deepEqual(counts(picks(b, 30)), { s1: 10, s2: 10, s3: 10 })
})

test('roundrobin: nothing usable gives undefined', () => {
  const servers = slots(1, 1)
  for (const s of servers) s.usable = false
  assert.equal(balance('roundrobin', servers).pick({ src: '10.0.0.1' }), undefined)
})

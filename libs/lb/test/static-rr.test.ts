import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balance, counts, picks, slot, slots } from './helpers.js'

test('static-rr: weights 2:1 follow the server map order', () => {
  // recalc_server_map() fills [s1, s1, s2]: the first declared server wins ties
  const b = balance('static-rr', slots(2, 1))
  assert.deepEqual(picks(b, 6), ['s1', 's1', 's2', 's1', 's1', 's2'])
})

test('static-rr: the map matches recalc_server_map() (values from the C code)', () => {
  assert.equal(picks(balance('static-rr', slots(3, 2, 1)), 6).join(''), 's1s1s2s1s2s3')
  assert.equal(picks(balance('static-rr', slots(2, 3, 4, 1)), 10).join(''), 's1s2s3s2s3s1s2s3s3s4')
  assert.equal(picks(balance('static-rr', slots(20, 10)), 3).join(''), 's1s1s2') // weights divided by their GCD
})

test('static-rr: runtime weight changes are ignored except 0', () => {
  const servers = slots(2, 1)
  const b = balance('static-rr', servers)
  servers[1]!.weight = 10
  assert.deepEqual(counts(picks(b, 300)), { s1: 200, s2: 100 })
  servers[0]!.weight = 0
  assert.deepEqual(counts(picks(b, 10)), { s2: 10 })
  servers[0]!.weight = 5
  assert.deepEqual(counts(picks(b, 300)), { s1: 200, s2: 100 })
})

test('static-rr: full servers (maxconn reached) are skipped', () => {
  const servers = [slot(1, { maxconn: 2, active: 2 }), slot(2)]
  const b = balance('static-rr', servers)
  assert.deepEqual(counts(picks(b, 4)), { s2: 4 })
})

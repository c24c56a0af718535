import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balance, counts, picks, slots } from './helpers.js'

test('roundrobin: weights 3:1 give exactly 300/100 over 400 picks', () => {
  const b = balance('roundrobin', slots(3, 1))
  assert.deepEqual(counts(picks(b, 400)), { s1: 300, s2: 100 })
})

test('roundrobin: picks are interleaved, not batched', () => {
  const b = balance('roundrobin', slots(3, 1))
  const seq = picks(b, 8)
  assert.deepEqual(seq, ['s1', 's1', 's2', 's1', 's1', 's1', 's2', 's1'])
  const b5 = balance('roundrobin', slots(5, 1, 1))
  assert.deepEqual(picks(b5, 7), ['s1', 's1', 's2', 's1', 's3', 's1', 's1'])
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balance, counts, picks, slots } from './helpers.js'

test('source: the same client always reaches the same server', () => {
  const b = balance('source', slots(1, 1, 1))
  for (const src of ['10.0.0.1', '192.168.1.200', '2001:db8::1']) {
    assert.equal(new Set(picks(b, 20, { src })).size, 1, src)
  }
})

test('source: different clients spread over the servers', () => {
  const b = balance('source', slots(1, 1, 1))
  const names = Array.from({ length: 300 }, (_, i) => b.pick({ src: `10.0.${i >> 8}.${i & 255}` })?.name ?? '-')
  assert.deepEqual(counts(names), { s1: 100, s2: 100, s3: 100 })
})

test('source: map-based hashing is the address modulo the total weight', () => {
  // 10.0.0.1 = 167772161; 167772161 % 3 = 2 -> third map entry (s3)
  assert.equal(balance('source', slots(1, 1, 1)).pick({ src: '10.0.0.1' })?.name, 's3')
  // ::1 -> words XOR = 1; 1 % 3 = 1 -> s2
  assert.equal(balance('source', slots(1, 1, 1)).pick({ src: '::1' })?.name, 's2')
  // with avalanche: full_hash(167772161) = 715288146; % 3 = 0 -> s1
  const av = balance('source', slots(1, 1, 1), { hash: { avalanche: true } })
  assert.equal(av.pick({ src: '10.0.0.1' })?.name, 's1')
})

test('source: a non-IP source falls back to round-robin', () => {
  const b = balance('source', slots(1, 1))
  assert.deepEqual(counts(picks(b, 4, { src: 'unix@/tmp/sock' })), { s1: 2, s2: 2 })
})

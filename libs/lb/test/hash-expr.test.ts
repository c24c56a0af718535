import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balance, counts, slots } from './helpers.js'

test('hash <expr>: hashes PickInput.key; none uses it as the hash', () => {
  const b = balance('hash req.hdr(x)', slots(1, 1, 1), { hash: { fn: 'none' } })
  assert.deepEqual(['0', '1', '2', '3', '4', '5'].map((key) => b.pick({ src: '', key })?.name),
    ['s1', 's2', 's3', 's1', 's2', 's3'])
  const s = balance('hash src', slots(1, 1, 1))
  assert.equal(s.pick({ src: '', key: Buffer.from('abc') }), s.pick({ src: '', key: 'abc' }))
})

test('hash <expr>: no key falls back to round-robin', () => {
  const b = balance('hash req.hdr(x)', slots(1, 1))
  assert.deepEqual(counts([0, 1].map(() => b.pick({ src: '' })?.name ?? '-')), { s1: 1, s2: 1 })
})

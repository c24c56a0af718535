import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balance, slot } from './helpers.js'

const input = { src: '10.0.0.1' }

test('first: the lowest id with room takes the request', () => {
  const servers = [slot(3, { maxconn: 2 }), slot(1, { maxconn: 2 }), slot(2, { maxconn: 2 })]
  const b = balance('first', servers)
  const got: string[] = []
  for (let i = 0; i < 6; i++) {
    const s = b.pick(input)
    assert.ok(s)
    s.active++
    got.push(s.name)
  }
  assert.deepEqual(got, ['s1', 's1', 's2', 's2', 's3', 's3'])
  assert.equal(b.pick(input), undefined)
  servers[2]!.active-- // s2 frees a slot
  assert.equal(b.pick(input)?.name, 's2')
})

test('first: a server without maxconn takes everything', () => {
  const servers = [slot(1, { active: 1000 }), slot(2)]
  const b = balance('first', servers)
  assert.equal(b.pick(input)?.name, 's1')
})

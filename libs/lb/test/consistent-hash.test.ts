import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fullHash } from '../src/index.js'
import { Ring, ringNodes } from '../src/internal.js'
import { balance, slots } from './helpers.js'

// sdbm of similar keys clusters on the ring; avalanche spreads them (hash-type consistent sdbm avalanche)
const consistent = { hash: { method: 'consistent' as const, avalanche: true } }
const keys = Array.from({ length: 2000 }, (_, i) => `/obj/${i}`)

test('consistent: a server has weight*16 points at full_hash(id*4096 + n)', () => {
  const [s] = slots(3)
  assert.ok(s)
  const nodes = ringNodes(s, 3)
  assert.equal(nodes.length, 48)
  assert.equal(nodes[0]?.key, fullHash(4096))
  assert.equal(nodes[1]?.key, fullHash(4097))
  const ring = new Ring()
  ring.rebuild(slots(1, 2), (x) => x.weight)
  assert.equal(ring.points.length, 48)
})

test('consistent: lookups match the HAProxy ring (values from a C model of lb_chash.c)', () => {
  const ring = new Ring()
  ring.rebuild(slots(1, 2, 1), (x) => x.weight)
  const hashes = [0, 1, 12345, 0x80000000, 0xffffffff, 858007926, 2874071335, 1000000000, 3000000000, 4217574924]
  assert.equal(hashes.map((h) => ring.byHash(h)?.name.slice(1)).join(''), '3332323122')
})

test('consistent: only the keys of a server that goes down move', () => {
  const servers = slots(1, 1, 1, 1, 1)
  const b = balance('uri', servers, consistent)
  const before = keys.map((uri) => b.pick({ src: '', uri }))
  servers[2]!.usable = false
  const after = keys.map((uri) => b.pick({ src: '', uri }))
  let moved = 0
  before.forEach((s, i) => {
    if (s === after[i]) return
    moved++
    assert.equal(s, servers[2], 'only keys of the down server move')
  })
  assert.ok(moved > 200 && moved < 700, `moved ${moved} of ${keys.length}`)
  servers[2]!.usable = true
  assert.deepEqual(keys.map((uri) => b.pick({ src: '', uri })), before)
})

test('map-based: the same change moves most keys', () => {
  const servers = slots(1, 1, 1, 1, 1)
  const b = balance('uri', servers)
  const before = keys.map((uri) => b.pick({ src: '', uri }))
  servers[2]!.usable = false
  const moved = keys.filter((uri, i) => b.pick({ src: '', uri }) !== before[i]).length
  assert.ok(moved > 1000, `moved ${moved}`)
})

test('consistent: weights are dynamic', () => {
  const servers = slots(1, 1)
  const b = balance('uri', servers, consistent)
  servers[0]!.weight = 10
  const c = keys.filter((uri) => b.pick({ src: '', uri }) === servers[0]).length
  assert.ok(c > 1500, `s1 got ${c} of ${keys.length}`)
})

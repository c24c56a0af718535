import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balance, counts, picks, slot } from './helpers.js'

const farm = () => [
  slot(1), slot(2),
  slot(3, { backup: true }), slot(4, { backup: true }),
]

for (const algo of ['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'random']) {
  test(`${algo}: backups are used only when every active server is down`, () => {
    const servers = farm()
    const b = balance(algo, servers)
    const input = { src: '10.0.0.9', uri: '/x' }
    for (const name of picks(b, 20, input)) assert.ok(name === 's1' || name === 's2', name)
    servers[0]!.usable = false
    for (const name of picks(b, 20, input)) assert.equal(name, 's2')
    servers[1]!.usable = false
    assert.deepEqual(counts(picks(b, 20, input)), { s3: 20 })
    servers[1]!.usable = true
    assert.deepEqual(counts(picks(b, 20, input)), { s2: 20 })
  })
}

test('the first usable backup by id is used, the next one when it goes down', () => {
  const servers = [slot(1, { usable: false }), slot(5, { backup: true }), slot(3, { backup: true })]
  const b = balance('roundrobin', servers)
  assert.deepEqual(counts(picks(b, 10)), { s3: 10 })
  servers[2]!.usable = false
  assert.deepEqual(counts(picks(b, 10)), { s5: 10 })
})

test('allbackups spreads the load over every usable backup', () => {
  const servers = [slot(1, { usable: false }), slot(2, { backup: true }), slot(3, { backup: true })]
  const b = balance('roundrobin', servers, { extra: { allbackups: true } })
  assert.deepEqual(counts(picks(b, 10)), { s2: 5, s3: 5 })
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balance, picks, slot, slots } from './helpers.js'

test('leastconn: picks the server with the fewest active connections', () => {
  const servers = slots(1, 1, 1)
  servers[0]!.active = 5
  servers[1]!.active = 1
  servers[2]!.active = 3
  assert.equal(balance('leastconn', servers).pick({ src: '10.0.0.1' })?.name, 's2')
})

test('leastconn: ties rotate round-robin', () => {
  const b = balance('leastconn', slots(1, 1, 1))
  assert.deepEqual(picks(b, 6), ['s1', 's2', 's3', 's1', 's2', 's3'])
})

test('leastconn: load is relative to weight', () => {
  const servers = slots(10, 1)
  servers[0]!.active = 5 // (5+1)*256/10 = 153
  servers[1]!.active = 1 // (1+1)*256/1 = 512
  assert.equal(balance('leastconn', servers).pick({ src: '10.0.0.1' })?.name, 's1')
})

test('leastconn: connections taken through takeConn spread the load', () => {
  const servers = slots(1, 1)
  const b = balance('leastconn', servers)
  for (let i = 0; i < 10; i++) {
    const s = b.pick({ src: '10.0.0.1' })
    assert.ok(s)
    s.active++
    b.takeConn?.(s)
  }
  assert.deepEqual(servers.map((s) => s.active), [5, 5])
})

test('leastconn: all servers full gives undefined', () => {
  const servers = [slot(1, { maxconn: 1, active: 1 }), slot(2, { maxconn: 1, active: 1 })]
  assert.equal(balance('leastconn', servers).pick({ src: '10.0.0.1' }), undefined)
})

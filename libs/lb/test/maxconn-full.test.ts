import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balance, counts, picks, slot } from './helpers.js'

for (const algo of ['roundrobin', 'static-rr', 'leastconn', 'first', 'random']) {
  test(`${algo}: full servers are skipped, none left gives undefined`, () => {
    const servers = [slot(1, { maxconn: 1, active: 1 }), slot(2, { maxconn: 3 })]
    const b = balance(algo, servers)
    if (algo !== 'random') assert.deepEqual(counts(picks(b, 4)), { s2: 4 })
    servers[1]!.active = 3
    assert.equal(b.pick({ src: '10.0.0.1' }), undefined)
  })
}

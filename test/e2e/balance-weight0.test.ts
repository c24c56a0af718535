// A server with `weight 0` receives no load-balanced traffic (it is drained).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { farm, get, tally } from './balance-helpers.js'

for (const algo of ['roundrobin', 'static-rr', 'leastconn', 'random', 'uri']) {
  test(`weight 0 drains a server (balance ${algo})`, async (t) => {
    const f = await farm(t, `balance ${algo}`, { s1: 'weight 0', s2: 'weight 1', s3: 'weight 1' })
    const counts = await tally(40, (i) => get(f.port, `/u${i}`))
    assert.equal(counts.get('s1'), undefined, `s1 got ${counts.get('s1') ?? 0}`)
    assert.equal((counts.get('s2') ?? 0) + (counts.get('s3') ?? 0), 40)
  })
}

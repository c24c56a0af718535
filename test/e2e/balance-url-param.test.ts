// balance url_param: the same parameter value reaches the same server whatever the
// rest of the URL; requests without the parameter fall back to round robin.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { farm, get, tally } from './balance-helpers.js'

test('balance url_param hashes the named query parameter', async (t) => {
  const f = await farm(t, 'balance url_param userid', { s1: '', s2: '', s3: '' })
  const chosen = new Map<string, string>()
  for (let round = 0; round < 3; round++) {
    for (let u = 0; u < 30; u++) {
      const r = await get(f.port, `/page${round}?lang=en&userid=user${u}&x=${round}`)
      assert.equal(r.status, 200)
      const before = chosen.get(`user${u}`)
      if (before !== undefined) assert.equal(r.server, before, `user${u} moved from ${before} to ${r.server}`)
      chosen.set(`user${u}`, r.server)
    }
  }
  assert.equal(new Set(chosen.values()).size, 3, 'thirty users reach every server')
  const without = await tally(30, (i) => get(f.port, `/page?other=${i}`))
  assert.deepEqual([...without.values()], [10, 10, 10], 'no parameter: round robin')
})

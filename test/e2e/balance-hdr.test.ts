// balance hdr(name): the same header value reaches the same server; absent header
// falls back to round robin.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { farm, get, tally } from './balance-helpers.js'

test('balance hdr(X-Tenant) hashes the header value', async (t) => {
  const f = await farm(t, 'balance hdr(X-Tenant)', { s1: '', s2: '', s3: '' })
  const chosen = new Map<string, string>()
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 30; i++) {
      const r = await get(f.port, `/p${round}`, { headers: { 'x-tenant': `tenant-${i}` } })
      assert.equal(r.status, 200)
      const before = chosen.get(`tenant-${i}`)
      if (before !== undefined) assert.equal(r.server, before, `tenant-${i} moved`)
      chosen.set(`tenant-${i}`, r.server)
    }
  }
  assert.equal(new Set(chosen.values()).size, 3)
  const without = await tally(30, () => get(f.port, '/'))
  assert.deepEqual([...without.values()], [10, 10, 10], 'no header: round robin')
})

// balance uri: the same URI always reaches the same server; different URIs spread.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { farm, get } from './balance-helpers.js'

test('balance uri maps each URI to one server', async (t) => {
  const f = await farm(t, 'balance uri', { s1: '', s2: '', s3: '' })
  const chosen = new Map<string, string>()
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 30; i++) {
      const uri = `/assets/file-${i}.js`
      const r = await get(f.port, uri)
      assert.equal(r.status, 200)
      const before = chosen.get(uri)
      if (before !== undefined) assert.equal(r.server, before, `${uri} moved from ${before} to ${r.server}`)
      chosen.set(uri, r.server)
    }
  }
  assert.equal(new Set(chosen.values()).size, 3, 'thirty URIs reach every server')
})

// balance static-rr with weights 3:1 sends exactly 300 and 100 of 400 requests.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { farm, get, tally } from './balance-helpers.js'

test('static-rr honours weights 3:1 exactly over 400 requests', async (t) => {
  const f = await farm(t, 'balance static-rr', { s1: 'weight 3', s2: 'weight 1' })
  const counts = await tally(400, () => get(f.port))
  assert.equal(counts.get('s1'), 300)
  assert.equal(counts.get('s2'), 100)
})

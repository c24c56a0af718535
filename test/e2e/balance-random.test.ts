// balance random: every server gets a share, in proportion to its weight.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { farm, get, tally } from './balance-helpers.js'

test('balance random spreads requests by weight', async (t) => {
  const f = await farm(t, 'balance random', { s1: 'weight 1', s2: 'weight 1', s3: 'weight 2' })
  const counts = await tally(400, () => get(f.port))
  // Expected 100/100/200; the bounds are more than six standard deviations wide.
  const s1 = counts.get('s1') ?? 0
  const s2 = counts.get('s2') ?? 0
  const s3 = counts.get('s3') ?? 0
  assert.equal(s1 + s2 + s3, 400)
  assert.ok(s1 > 50 && s1 < 150, `s1 ${s1}`)
  assert.ok(s2 > 50 && s2 < 150, `s2 ${s2}`)
  assert.ok(s3 > 140 && s3 < 260, `s3 ${s3}`)
})

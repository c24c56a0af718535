// balance roundrobin with weights 3:1 sends exactly 300 and 100 of 400 requests.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { farm, get, tally } from './balance-helpers.js'

test('roundrobin honours weights 3:1 exactly over 400 requests', async (t) => {
  const f = await farm(t, 'balance roundrobin', { s1: 'weight 3', s2: 'weight 1' })
  const counts = await tally(400, () => get(f.port))
  assert.equal(counts.get('s1'), 300)
  assert.equal(counts.get('s2'), 100)
})

test('roundrobin interleaves servers rather than sending runs of one', async (t) => {
  const f = await farm(t, 'balance roundrobin', { s1: '', s2: '' })
  const seen: string[] = []
  for (let i = 0; i < 6; i++) seen.push((await get(f.port)).server)
  for (let i = 1; i < seen.length; i++) assert.notEqual(seen[i], seen[i - 1], `answers: ${seen.join(',')}`)
})

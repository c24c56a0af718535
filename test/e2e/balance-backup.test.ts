// A `backup` server only takes traffic when no active server is usable.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { farm, get, tally } from './balance-helpers.js'

test('backup is idle while an active server is up', async (t) => {
  const f = await farm(t, 'balance roundrobin', { s1: '', s2: 'disabled', b1: 'backup' })
  const counts = await tally(20, () => get(f.port))
  assert.deepEqual([...counts], [['s1', 20]])
})

test('backup serves when every active server is down', async (t) => {
  const f = await farm(t, 'balance roundrobin', { s1: 'disabled', s2: 'disabled', b1: 'backup', b2: 'backup' })
  const counts = await tally(20, () => get(f.port))
  // Without `option allbackups`, only the first backup is used.
  assert.deepEqual([...counts], [['b1', 20]])
})

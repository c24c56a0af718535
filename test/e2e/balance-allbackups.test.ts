// `option allbackups`: with every active server down, load spreads over all backups.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { farm, get, tally } from './balance-helpers.js'

test('option allbackups balances over every backup server', async (t) => {
  const f = await farm(t, 'balance roundrobin\noption allbackups', { s1: 'disabled', b1: 'backup', b2: 'backup' })
  const counts = await tally(20, () => get(f.port))
  assert.equal(counts.get('b1'), 10)
  assert.equal(counts.get('b2'), 10)
  assert.equal(counts.get('s1'), undefined)
})

test('option allbackups leaves backups idle while an active server is up', async (t) => {
  const f = await farm(t, 'balance roundrobin\noption allbackups', { s1: '', b1: 'backup', b2: 'backup' })
  const counts = await tally(20, () => get(f.port))
  assert.deepEqual([...counts], [['s1', 20]])
})

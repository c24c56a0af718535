// balance first: server 1 takes connections up to its maxconn before server 2 gets any.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ServerResponse } from 'node:http'
import { httpBackend, startDataplane } from '../harness/index.js'
import { get, tally, type Reply } from './balance-helpers.js'

test('first fills server 1 up to maxconn, then overflows to server 2', async (t) => {
  let hold = true
  const held: ServerResponse[] = []
  const handler = (name: string) => (_req: unknown, res: ServerResponse): void => {
    res.setHeader('x-server', name)
    if (hold) held.push(res)
    else res.end(name)
  }
  const s1 = await httpBackend('s1', handler('s1'))
  const s2 = await httpBackend('s2', handler('s2'))
  t.after(async () => { for (const r of held) r.end(); await s1.close(); await s2.close() })
  const p = await startDataplane(`
defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  balance first
  server s1 127.0.0.1:${s1.port} maxconn 2
  server s2 127.0.0.1:${s2.port} maxconn 2
`)
  t.after(() => p.stop())
  const port = p.port('fe')

  hold = false
  const idle = await tally(10, () => get(port))
  assert.deepEqual([...idle], [['s1', 10]], 'with no load, everything goes to the first server')

  hold = true
  const pending: Promise<Reply>[] = []
  for (let i = 0; i < 3; i++) {
    pending.push(get(port))
    for (let k = 0; k < 200 && held.length <= i; k++) await new Promise(r => setTimeout(r, 10))
  }
  assert.equal(held.length, 3)
  assert.equal(s1.requests(), 12, 'server 1 took two held requests')
  assert.equal(s2.requests(), 1, 'the third went to server 2')
  for (const r of held.splice(0)) r.end('done')
  const replies = await Promise.all(pending)
  assert.deepEqual(replies.map(r => r.server).sort(), ['s1', 's1', 's2'])
})

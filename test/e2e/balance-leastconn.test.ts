// balance leastconn: a server that holds its requests open gets fewer new ones.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ServerResponse } from 'node:http'
import { httpBackend, startDataplane } from '../harness/index.js'
import { get, type Reply } from './balance-helpers.js'

test('leastconn sends new requests to the server with fewer open connections', async (t) => {
  const held: ServerResponse[] = []
  const slow = await httpBackend('slow', (_req, res) => { held.push(res) })
  const fast = await httpBackend('fast')
  t.after(async () => { for (const r of held) r.end(); await slow.close(); await fast.close() })
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
  balance leastconn
  server slow 127.0.0.1:${slow.port}
  server fast 127.0.0.1:${fast.port}
`)
  t.after(() => p.stop())
  const port = p.port('fe')
  const pending: Promise<Reply>[] = []
  let fastDone = 0
  for (let i = 0; i < 20; i++) {
    const before = slow.requests()
    const r = get(port)
    pending.push(r)
    // Wait until this request either reached the slow server (and stays there) or finished.
    let finished = false
    void r.then(() => { finished = true }, () => { finished = true })
    for (let k = 0; k < 250 && !finished && slow.requests() === before; k++) await new Promise(res => setTimeout(res, 10))
    if (finished) fastDone++
  }
  assert.ok(slow.requests() <= 2, `slow server got ${slow.requests()} of 20`)
  assert.ok(fast.requests() >= 18, `fast server got ${fast.requests()} of 20`)
  assert.equal(fastDone, fast.requests())
  for (const r of held) r.end('late')
  const all = await Promise.all(pending)
  assert.ok(all.every(r => r.status === 200))
})

// Server `maxconn`: extra requests wait in the queue (the server never sees more
// than maxconn at once) and are served in turn; `timeout queue` answers 503 to a
// request that waited too long, and defaults to `timeout connect`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ServerResponse } from 'node:http'
import { httpBackend, startDataplane } from '../harness/index.js'
import { get } from './balance-helpers.js'

async function slowFarm (t: { after: (fn: () => Promise<void>) => void }, delayMs: number, timeouts: string): Promise<{ port: number; peak: () => number }> {
  let inFlight = 0
  let peak = 0
  const srv = await httpBackend('slow', (_req, res: ServerResponse) => {
    inFlight++
    peak = Math.max(peak, inFlight)
    setTimeout(() => { inFlight--; res.setHeader('x-server', 'slow'); res.end('ok') }, delayMs)
  })
  t.after(() => srv.close())
  const p = await startDataplane(`
defaults
  mode http
  timeout client 5s
  timeout server 5s
${timeouts.split(',').map(l => `  ${l.trim()}`).join('\n')}
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  server slow 127.0.0.1:${srv.port} maxconn 1
`)
  t.after(() => p.stop())
  return { port: p.port('fe'), peak: () => peak }
}

test('maxconn 1: a second concurrent request waits for the first', async (t) => {
  const f = await slowFarm(t, 300, 'timeout connect 2s, timeout queue 3s')
  const t0 = Date.now()
  const [a, b] = await Promise.all([get(f.port, '/a'), get(f.port, '/b')])
  const ms = Date.now() - t0
  assert.equal(a.status, 200)
  assert.equal(b.status, 200)
  assert.equal(f.peak(), 1, 'the server never had two requests at once')
  assert.ok(ms >= 550, `both done after ${ms} ms: they were serialized`)
})

test('timeout queue 200ms: a request queued too long gets 503', async (t) => {
  const f = await slowFarm(t, 800, 'timeout connect 2s, timeout queue 200ms')
  const first = get(f.port, '/a')
  await new Promise(r => setTimeout(r, 50))
  const t0 = Date.now()
  const second = await get(f.port, '/b')
  const waited = Date.now() - t0
  assert.equal(second.status, 503)
  assert.ok(waited >= 150 && waited < 700, `503 after ${waited} ms`)
  assert.equal((await first).status, 200)
  assert.equal(f.peak(), 1)
})

test('timeout queue defaults to timeout connect', async (t) => {
  const f = await slowFarm(t, 1000, 'timeout connect 250ms')
  const first = get(f.port, '/a')
  await new Promise(r => setTimeout(r, 50))
  const t0 = Date.now()
  const second = await get(f.port, '/b')
  const waited = Date.now() - t0
  assert.equal(second.status, 503)
  assert.ok(waited >= 200 && waited < 800, `503 after ${waited} ms`)
  assert.equal((await first).status, 200)
})

/**
 * `timeout tunnel`: once a connection is upgraded, its inactivity timeout is
 * `timeout tunnel` (not `timeout client`/`server`); an idle tunnel closes after it.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { WebSocket, WebSocketServer } from 'ws'
import { startDataplane } from '../harness/index.js'

async function setup (t: { after: (fn: () => unknown) => void }, timeouts: string): Promise<number> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await once(wss, 'listening')
  t.after(() => new Promise<void>(resolve => { for (const c of wss.clients) c.terminate(); wss.close(() => resolve()) }))
  wss.on('connection', ws => ws.on('message', m => ws.send(String(m))))
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
${timeouts}
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  server s1 127.0.0.1:${(wss.address() as { port: number }).port}
`)
  t.after(() => dp.stop())
  return dp.port('fe')
}

async function openWs (t: { after: (fn: () => unknown) => void }, port: number): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`)
  t.after(() => ws.terminate())
  await once(ws, 'open', { signal: AbortSignal.timeout(3000) })
  return ws
}

test('an idle tunnel closes after timeout tunnel, an active one stays', async (t) => {
  const port = await setup(t, '  timeout client 200ms\n  timeout server 200ms\n  timeout tunnel 700ms')
  const ws = await openWs(t, port)
  const started = Date.now()
  // Traffic every 150 ms for 1 s keeps it open past timeout client/server and past timeout tunnel.
  for (let i = 0; i < 7; i++) {
    ws.send(`ping ${i}`)
    const [m] = await once(ws, 'message', { signal: AbortSignal.timeout(3000) }) as [Buffer]
    assert.equal(String(m), `ping ${i}`)
    await new Promise(r => setTimeout(r, 150))
  }
  assert.equal(ws.readyState, WebSocket.OPEN)
  const idleFrom = Date.now()
  await once(ws, 'close', { signal: AbortSignal.timeout(4000) })
  const idle = Date.now() - idleFrom
  assert.ok(idle >= 550 && idle < 1500, `closed after ${idle} ms idle (started ${Date.now() - started} ms ago)`)
})

test('without timeout tunnel, timeout client applies to the tunnel', async (t) => {
  const port = await setup(t, '  timeout client 300ms\n  timeout server 5s')
  const ws = await openWs(t, port)
  const from = Date.now()
  await once(ws, 'close', { signal: AbortSignal.timeout(4000) })
  const idle = Date.now() - from
  assert.ok(idle >= 250 && idle < 1500, `closed after ${idle} ms idle`)
})

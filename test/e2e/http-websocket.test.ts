/**
 * WebSocket through mode http: the Upgrade request gets the server's 101 and the
 * connection becomes a tunnel carrying frames both ways until either side closes.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { WebSocket, WebSocketServer } from 'ws'
import { startDataplane } from '../harness/index.js'

/** Bounds a wait so a broken proxy fails the test instead of hanging it. */
async function within<T> (p: Promise<T>, ms = 3000): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms) })
  try { return await Promise.race([p, limit]) } finally { clearTimeout(timer) }
}

test('a ws client echoes messages through the proxy', async (t) => {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await once(wss, 'listening')
  t.after(() => new Promise<void>(resolve => { for (const c of wss.clients) c.terminate(); wss.close(() => resolve()) }))
  const upgrades: string[] = []
  wss.on('connection', (ws, req) => {
    upgrades.push(`${req.headers.upgrade ?? ''} ${req.headers.connection ?? ''}`)
    ws.on('message', (m, binary) => ws.send(binary ? m : `echo ${String(m)}`, { binary }))
  })
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
  timeout tunnel 10s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  server s1 127.0.0.1:${(wss.address() as { port: number }).port}
`)
  t.after(() => dp.stop())
  const ws = new WebSocket(`ws://127.0.0.1:${dp.port('fe')}/chat`)
  t.after(() => ws.terminate())
  await once(ws, 'open', { signal: AbortSignal.timeout(3000) })
  const got: string[] = []
  const done = new Promise<void>(resolve => ws.on('message', (m) => { got.push(String(m)); if (got.length === 20) resolve() }))
  for (let i = 0; i < 20; i++) ws.send(`m${i}`)
  await within(done)
  assert.deepEqual(got, Array.from({ length: 20 }, (_, i) => `echo m${i}`))
  // A large binary frame crosses intact.
  const big = Buffer.alloc(1 << 20, 7)
  const back = new Promise<Buffer>(resolve => ws.once('message', (m) => resolve(m as Buffer)))
  ws.send(big)
  assert.deepEqual(await within(back), big)
  assert.deepEqual(upgrades, ['websocket upgrade'])
  // A close from the client closes the tunnel and the server side.
  ws.close(1000, 'bye')
  const [code] = await once(ws, 'close', { signal: AbortSignal.timeout(3000) }) as [number]
  assert.equal(code, 1000)
})

/**
 * Client-side keep-alive and server connection reuse (`http-reuse`): counted on
 * the server's accepted connections and the frontend's accepted connections.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { Client } from 'undici'
import { httpBackend, startDataplane } from '../harness/index.js'

function config (port: number, reuse: string): string {
  return `
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  http-reuse ${reuse}
  server s1 127.0.0.1:${port}
`
}

async function get (c: Client, path: string): Promise<string> {
  const r = await c.request({ method: 'GET', path })
  const body = await r.body.text()
  assert.equal(r.statusCode, 200)
  return body
}

test('50 sequential requests on one client connection use one server connection', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const dp = await startDataplane(config(be.port, 'safe'))
  t.after(() => dp.stop())
  const c = new Client(`http://127.0.0.1:${dp.port('fe')}`, { pipelining: 1, connections: 1 } as Client.Options)
  t.after(() => c.destroy())
  for (let i = 0; i < 50; i++) assert.equal(await get(c, `/r${i}`), `s1 GET /r${i}`)
  assert.equal(be.requests(), 50)
  assert.equal(be.connections(), 1)
  assert.equal(dp.dataplane.frontends[0]?.counters.total, 1)
})

test('http-reuse always: several client connections share fewer server connections', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const dp = await startDataplane(config(be.port, 'always'))
  t.after(() => dp.stop())
  const clients: Client[] = []
  for (let i = 0; i < 5; i++) {
    const c = new Client(`http://127.0.0.1:${dp.port('fe')}`, { pipelining: 1 })
    t.after(() => c.destroy())
    clients.push(c)
  }
  // Rounds of one request per client, one at a time: each finds the previous idle connection.
  for (let round = 0; round < 3; round++) {
    for (const [i, c] of clients.entries()) assert.equal(await get(c, `/c${i}/${round}`), `s1 GET /c${i}/${round}`)
  }
  assert.equal(dp.dataplane.frontends[0]?.counters.total, 5)
  assert.equal(be.connections(), 1)
  // Then all at once, several times: requests in flight together never share a server connection.
  for (let round = 0; round < 5; round++) {
    const bodies = await Promise.all(clients.map((c, i) => get(c, `/p${i}/${round}`)))
    assert.deepEqual(bodies, clients.map((_, i) => `s1 GET /p${i}/${round}`))
  }
  assert.equal(be.requests(), 40)
  assert.ok(be.connections() <= 5, `server connections: ${be.connections()}`)
})

test('http-reuse always: sequential clients reuse one server connection', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const dp = await startDataplane(config(be.port, 'always'))
  t.after(() => dp.stop())
  for (let i = 0; i < 4; i++) {
    const c = new Client(`http://127.0.0.1:${dp.port('fe')}`, { pipelining: 1 })
    t.after(() => c.destroy())
    assert.equal(await get(c, `/c${i}`), `s1 GET /c${i}`)
  }
  assert.equal(dp.dataplane.frontends[0]?.counters.total, 4)
  assert.ok(be.connections() < 4, `server connections: ${be.connections()}`)
})

/** httpBackend plus a count of server connections still open. */
async function trackedBackend (): Promise<{ port: number; connections: () => number; requests: () => number; open: () => number; close: () => Promise<void> }> {
  const open = new Set<Socket>()
  let conns = 0
  let reqs = 0
  const srv = createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
    reqs++
    res.setHeader('content-length', Buffer.byteLength(`s1 GET ${req.url ?? ''}`))
    res.end(`s1 GET ${req.url ?? ''}`)
  })
  srv.on('connection', (s: Socket) => { conns++; open.add(s); s.on('close', () => open.delete(s)) })
  await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve))
  const port = (srv.address() as AddressInfo).port
  return {
    port,
    connections: () => conns,
    requests: () => reqs,
    open: () => open.size,
    close: () => new Promise<void>(resolve => { for (const s of open) s.destroy(); srv.close(() => resolve()) }),
  }
}

test('http-reuse never: one server connection per client connection, closed with it', async (t) => {
  const be = await trackedBackend()
  t.after(() => be.close())
  const dp = await startDataplane(config(be.port, 'never'))
  t.after(() => dp.stop())
  const clients: Client[] = []
  for (let i = 0; i < 4; i++) {
    const c = new Client(`http://127.0.0.1:${dp.port('fe')}`, { pipelining: 1 })
    t.after(() => c.destroy())
    clients.push(c)
  }
  for (let round = 0; round < 3; round++) {
    for (const [i, c] of clients.entries()) assert.equal(await get(c, `/c${i}/${round}`), `s1 GET /c${i}/${round}`)
  }
  assert.equal(be.requests(), 12)
  assert.equal(be.connections(), 4)
  // A private server connection does not outlive its client connection.
  await Promise.all(clients.map(c => c.close()))
  for (let i = 0; i < 50 && be.open() > 0; i++) await new Promise(r => setTimeout(r, 20))
  assert.equal(be.open(), 0)
})

// mode tcp inactivity timeouts: `timeout client` and `timeout server` close an idle
// connection; once connected, `timeout tunnel` supersedes both; a half-closed side
// uses `timeout client-fin` / `timeout server-fin`; traffic keeps the connection alive.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { rawServer, startDataplane } from '../harness/index.js'

type Closed = { ms: number; greeted: boolean; received: string }

/** Connects, waits for the server's greeting, then stays idle (or pings) until the proxy closes. */
function idleUntilClosed (port: number, opts: { pingEveryMs?: number; pingForMs?: number; halfClose?: boolean } = {}): Promise<Closed> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, allowHalfOpen: true })
    let received = ''
    let greetedAt = 0
    let timer: NodeJS.Timeout | undefined
    const guard = setTimeout(() => s.destroy(new Error('the proxy never closed the idle connection')), 8000)
    s.on('data', (d: Buffer) => {
      received += d.toString()
      if (greetedAt === 0) {
        greetedAt = Date.now()
        if (opts.halfClose === true) s.end()
        if (opts.pingEveryMs !== undefined) {
          timer = setInterval(() => {
            if (Date.now() - greetedAt < (opts.pingForMs ?? 0)) s.write('.')
            else clearInterval(timer)
          }, opts.pingEveryMs)
        }
      }
    })
    s.on('end', () => s.end())
    s.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'ECONNRESET') reject(e) })
    s.on('close', () => {
      clearTimeout(guard)
      if (timer !== undefined) clearInterval(timer)
      resolve({ ms: greetedAt === 0 ? -1 : Date.now() - greetedAt, greeted: greetedAt !== 0, received })
    })
  })
}

/** The server greets, echoes, and never closes on its own (unless `finAfterGreeting`). */
async function proxy (t: { after: (fn: () => Promise<void>) => void }, timeouts: string, finAfterGreeting = false): Promise<{ port: number; serverClosed: () => boolean }> {
  let serverSawClose = false
  const srv = await rawServer(s => {
    if (finAfterGreeting) s.end('hello\n')
    else s.write('hello\n')
    s.on('data', (d: Buffer) => { if (!s.writableEnded) s.write(d) })
    s.on('end', () => { serverSawClose = true })
    s.on('close', () => { serverSawClose = true })
  })
  t.after(() => srv.close())
  const p = await startDataplane(`
defaults
  mode tcp
  timeout connect 2s
listen tcp
  bind 127.0.0.1:0
${timeouts.split(',').map(l => `  ${l.trim()}`).join('\n')}
  server s1 127.0.0.1:${srv.port}
`)
  t.after(() => p.stop())
  return { port: p.port('tcp'), serverClosed: () => serverSawClose }
}

async function eventually (cond: () => boolean, ms = 2000): Promise<boolean> {
  for (let waited = 0; waited < ms && !cond(); waited += 20) await new Promise(r => setTimeout(r, 20))
  return cond()
}

test('timeout client closes an idle tcp connection, both sides', async (t) => {
  const p = await proxy(t, 'timeout client 300ms, timeout server 10s')
  const r = await idleUntilClosed(p.port)
  assert.equal(r.greeted, true)
  assert.ok(r.ms >= 250 && r.ms < 2000, `closed after ${r.ms} ms`)
  assert.ok(await eventually(p.serverClosed), 'server connection closed too')
})

test('timeout server closes an idle tcp connection, both sides', async (t) => {
  const p = await proxy(t, 'timeout client 10s, timeout server 300ms')
  const r = await idleUntilClosed(p.port)
  assert.equal(r.greeted, true)
  assert.ok(r.ms >= 250 && r.ms < 2000, `closed after ${r.ms} ms`)
  assert.ok(await eventually(p.serverClosed), 'server connection closed too')
})

test('timeout tunnel supersedes client and server timeouts once connected', async (t) => {
  const p = await proxy(t, 'timeout client 200ms, timeout server 200ms, timeout tunnel 1200ms')
  const r = await idleUntilClosed(p.port)
  assert.equal(r.greeted, true)
  assert.ok(r.ms >= 1100 && r.ms < 3000, `closed after ${r.ms} ms (tunnel is 1200 ms)`)
  assert.ok(await eventually(p.serverClosed), 'server connection closed too')
})

test('timeout client-fin closes a tunnel the client half-closed', async (t) => {
  const p = await proxy(t, 'timeout client 10s, timeout server 10s, timeout tunnel 10s, timeout client-fin 300ms')
  const r = await idleUntilClosed(p.port, { halfClose: true })
  assert.equal(r.greeted, true)
  assert.ok(r.ms >= 250 && r.ms < 2000, `closed after ${r.ms} ms (client-fin is 300 ms)`)
})

test('timeout server-fin closes a tunnel the server half-closed', async (t) => {
  // The server sends its FIN at once; the client never answers it (stays half-open).
  let finAt = 0
  let closedAt = 0
  const srv = await rawServer(s => {
    s.end('bye\n')
    finAt = Date.now()
    s.on('end', () => { closedAt = Date.now() })
    s.on('close', () => { if (closedAt === 0) closedAt = Date.now() })
  })
  t.after(() => srv.close())
  const p = await startDataplane(`
defaults
  mode tcp
  timeout connect 2s
listen tcp
  bind 127.0.0.1:0
  timeout client 10s
  timeout server 10s
  timeout tunnel 10s
  timeout server-fin 300ms
  server s1 127.0.0.1:${srv.port}
`)
  t.after(() => p.stop())
  const c = connect({ host: '127.0.0.1', port: p.port('tcp'), allowHalfOpen: true })
  c.on('error', () => undefined)
  t.after(() => { c.destroy() })
  assert.ok(await eventually(() => closedAt !== 0, 4000), 'the proxy closed the server side')
  const ms = closedAt - finAt
  assert.ok(ms >= 250 && ms < 2000, `server side closed after ${ms} ms (server-fin is 300 ms)`)
})

test('traffic keeps a tcp connection open past its inactivity timeouts', async (t) => {
  const p = await proxy(t, 'timeout client 400ms, timeout server 400ms')
  const r = await idleUntilClosed(p.port, { pingEveryMs: 100, pingForMs: 1500 })
  assert.ok(r.ms >= 1700, `closed after ${r.ms} ms, while traffic flowed until 1500 ms`)
  assert.ok(r.received.startsWith('hello\n...'), 'pings were echoed')
})

/**
 * Connection is hop-by-hop: each side gets the proxy's own decision, never the
 * other side's header. A server's `Connection: close` does not close a keep-alive
 * client; a client's `close` is answered with `connection: close` even when the
 * server says keep-alive (load generators count on both).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Client } from 'undici'
import { rawRequest, rawServer, splitResponses, startDataplane, simpleHttpConfig } from '../harness/index.js'

/** A server answering each request with `Connection: <mode>` (and closing after `close`). */
async function setup (t: { after: (fn: () => unknown) => void }, mode: 'close' | 'keep-alive'): Promise<{ port: number; conns: () => number; heads: string[]; feTotal: () => number }> {
  const heads: string[] = []
  const be = await rawServer(s => {
    let buf = ''
    s.on('data', d => {
      buf += d.toString('latin1')
      for (let i = buf.indexOf('\r\n\r\n'); i >= 0; i = buf.indexOf('\r\n\r\n')) {
        heads.push(buf.slice(0, i + 4))
        buf = buf.slice(i + 4)
        const res = `HTTP/1.1 200 OK\r\nConnection: ${mode}\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\nok`
        if (mode === 'close') s.end(res)
        else s.write(res)
      }
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  return { port: dp.port('fe'), conns: be.connections, heads, feTotal: () => dp.dataplane.frontends[0]?.counters.total ?? -1 }
}

test('server Connection: close does not close a keep-alive client', async (t) => {
  const { port, conns, feTotal } = await setup(t, 'close')
  const c = new Client(`http://127.0.0.1:${port}`, { pipelining: 1 })
  t.after(() => c.destroy())
  for (let i = 0; i < 5; i++) {
    const r = await c.request({ method: 'GET', path: `/${i}` })
    assert.equal(await r.body.text(), 'ok')
    assert.equal(r.headers['connection'], undefined)
  }
  assert.equal(feTotal(), 1)
  assert.equal(conns(), 5)
})

test('HTTP/1.0 keep-alive client, server says close: the client is still told keep-alive', async (t) => {
  const { port } = await setup(t, 'close')
  const r = await rawRequest(port, [
    'GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n',
    'GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n',
  ], { pauseMs: 100, timeoutMs: 1500 })
  const res = splitResponses(r.text)
  assert.deepEqual(res.map(x => x.headers['connection']), ['keep-alive', 'keep-alive'])
  assert.deepEqual(res.map(x => x.body), ['ok', 'ok'])
})

test('client Connection: close, server keep-alive: the client gets connection: close and a close', async (t) => {
  const { port, heads } = await setup(t, 'keep-alive')
  const r = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { timeoutMs: 3000 })
  const res = splitResponses(r.text)
  assert.equal(res.length, 1)
  assert.equal(res[0]?.headers['connection'], 'close')
  assert.equal(r.closed, true)
  assert.ok(r.ms < 1000)
  // The client's close is not the server's business: its connection may be reused.
  assert.doesNotMatch(heads[0] ?? '', /\r\nconnection:/i)
})

test('keep-alive both sides: no Connection header is forwarded either way', async (t) => {
  const { port, heads, conns } = await setup(t, 'keep-alive')
  const r = await rawRequest(port, [
    'GET /a HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nKeep-Alive: 300\r\n\r\n',
    'GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  ], { pauseMs: 100, timeoutMs: 3000 })
  const res = splitResponses(r.text)
  assert.deepEqual(res.map(x => x.headers['connection']), [undefined, 'close'])
  assert.equal(res[0]?.headers['keep-alive'], undefined)
  assert.doesNotMatch(heads[0] ?? '', /\r\n(connection|keep-alive):/i)
  assert.equal(conns(), 1)
})

/**
 * HTTP/1.0 clients: without `Connection: keep-alive` the connection closes after
 * the response (and the response says so); with it, the connection is kept and
 * the response carries `connection: keep-alive`. The server side stays HTTP/1.0.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rawRequest, rawServer, splitResponses, startDataplane, simpleHttpConfig } from '../harness/index.js'

async function setup (t: { after: (fn: () => unknown) => void }): Promise<{ port: number; heads: string[] }> {
  const heads: string[] = []
  const be = await rawServer(s => {
    let buf = ''
    s.on('data', d => {
      buf += d.toString('latin1')
      for (let i = buf.indexOf('\r\n\r\n'); i >= 0; i = buf.indexOf('\r\n\r\n')) {
        heads.push(buf.slice(0, i + 4))
        buf = buf.slice(i + 4)
        // An HTTP/1.1 keep-alive server, whatever the request version.
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
      }
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  return { port: dp.port('fe'), heads }
}

test('HTTP/1.0 without keep-alive: one response with connection: close, then close', async (t) => {
  const { port, heads } = await setup(t)
  const r = await rawRequest(port, 'GET /a HTTP/1.0\r\nHost: x\r\n\r\nGET /b HTTP/1.0\r\n\r\n', { timeoutMs: 3000 })
  assert.equal(r.closed, true)
  assert.ok(r.ms < 1000)
  assert.equal(r.text, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nconnection: close\r\n\r\nok')
  assert.equal(heads.length, 1)
  assert.match(heads[0] ?? '', /^GET \/a HTTP\/1\.0\r\n/)
})

test('HTTP/1.0 with Connection: keep-alive: kept, and told so', async (t) => {
  const { port, heads } = await setup(t)
  const r = await rawRequest(port, [
    'GET /a HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n',
    'GET /b HTTP/1.0\r\nHost: x\r\nConnection: Keep-Alive\r\n\r\n',
    'GET /c HTTP/1.0\r\nHost: x\r\n\r\n',
  ], { pauseMs: 100, timeoutMs: 3000 })
  const res = splitResponses(r.text)
  assert.deepEqual(res.map(x => x.headers['connection']), ['keep-alive', 'keep-alive', 'close'])
  assert.deepEqual(res.map(x => x.body), ['ok', 'ok', 'ok'])
  assert.equal(r.closed, true)
  assert.equal(heads.length, 3)
  // The server is asked to keep the connection too, with the 1.0 spelling.
  assert.match(heads[0] ?? '', /^GET \/a HTTP\/1\.0\r\n[^]*\r\nConnection: keep-alive\r\n/)
})

test('HTTP/1.1 with Connection: close: the server is not told keep-alive, the client gets close', async (t) => {
  const { port, heads } = await setup(t)
  const r = await rawRequest(port, 'GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { timeoutMs: 3000 })
  assert.equal(r.text, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nconnection: close\r\n\r\nok')
  assert.equal(r.closed, true)
  assert.doesNotMatch(heads[0] ?? '', /keep-alive/i)
})

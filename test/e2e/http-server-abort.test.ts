/**
 * A server killed mid-response: its client gets a clean abort (what was
 * received, then the connection closed, no bytes from the proxy appended) while
 * a client on another connection still gets its whole response.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rawRequest, rawServer, startDataplane, simpleHttpConfig } from '../harness/index.js'

const FULL = 'x'.repeat(100_000)

test('half a content-length body, then a destroyed socket: only that client is cut', async (t) => {
  const be = await rawServer(s => {
    s.once('data', async (d) => {
      const path = d.toString('latin1').split(' ')[1]
      if (path === '/die') {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' + 'a'.repeat(500))
        await new Promise(r => setTimeout(r, 100))
        s.destroy()
        return
      }
      // The healthy response is slow: it is still in flight when the other server dies.
      s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${FULL.length}\r\n\r\n`)
      for (let i = 0; i < 10; i++) {
        s.write(FULL.slice(i * 10_000, (i + 1) * 10_000))
        await new Promise(r => setTimeout(r, 30))
      }
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  const port = dp.port('fe')
  const [dead, alive] = await Promise.all([
    rawRequest(port, 'GET /die HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 3000 }),
    rawRequest(port, 'GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { timeoutMs: 3000 }),
  ])
  assert.equal(dead.text, 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' + 'a'.repeat(500))
  assert.equal(dead.closed, true)
  assert.ok(dead.ms < 1000, `closed after ${dead.ms} ms`)
  assert.equal(alive.text, `HTTP/1.1 200 OK\r\nContent-Length: ${FULL.length}\r\nconnection: close\r\n\r\n${FULL}`)
  assert.equal(be.connections(), 2)
  assert.equal(dp.dataplane.backends.get('be')?.servers[0]?.slot.active, 0)
})

test('a chunked response cut before its last chunk: the client is cut, no terminating chunk invented', async (t) => {
  const be = await rawServer(s => {
    s.once('data', () => {
      s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n')
      setTimeout(() => s.destroy(), 50)
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  const r = await rawRequest(dp.port('fe'), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 3000 })
  assert.equal(r.text, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n')
  assert.equal(r.closed, true)
})

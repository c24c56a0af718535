/**
 * A response with neither Content-Length nor Transfer-Encoding runs until the
 * server closes: the client gets the whole body, then the connection closes.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'undici'
import { rawRequest, rawServer, startDataplane, simpleHttpConfig } from '../harness/index.js'

async function setup (t: { after: (fn: () => unknown) => void }, status: string): Promise<number> {
  const be = await rawServer(s => {
    s.once('data', async () => {
      s.write(`${status}\r\nContent-Type: text/plain\r\n\r\n`)
      for (let i = 0; i < 10; i++) {
        s.write(`part ${i} `.repeat(1000))
        await new Promise(r => setTimeout(r, 5))
      }
      s.end('END')
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  return dp.port('fe')
}

let expected = ''
for (let i = 0; i < 10; i++) expected += `part ${i} `.repeat(1000)
expected += 'END'

test('close-delimited HTTP/1.1 response: whole body, then close', async (t) => {
  const port = await setup(t, 'HTTP/1.1 200 OK')
  const r = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 3000 })
  assert.equal(r.closed, true)
  assert.ok(r.ms < 2500)
  const i = r.text.indexOf('\r\n\r\n')
  const head = r.text.slice(0, i)
  assert.match(head, /^HTTP\/1\.1 200 OK\r\n/)
  assert.match(head, /\r\nconnection: close(\r\n|$)/i)
  assert.doesNotMatch(head, /content-length|transfer-encoding/i)
  assert.equal(r.text.slice(i + 4), expected)
})

test('close-delimited HTTP/1.0 response through undici', async (t) => {
  const port = await setup(t, 'HTTP/1.0 200 OK')
  const r = await request(`http://127.0.0.1:${port}/`)
  assert.equal(await r.body.text(), expected)
})

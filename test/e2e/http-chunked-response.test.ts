/**
 * Chunked responses reach the client intact, trailers included, and the
 * connection stays usable for the next request.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'undici'
import { rawRequest, rawServer, startDataplane, simpleHttpConfig } from '../harness/index.js'

const CHUNKED = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n' +
  '4\r\nWiki\r\n5;name=v\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Checksum: abc123\r\n\r\n'

async function setup (t: { after: (fn: () => unknown) => void }): Promise<{ port: number; conns: () => number }> {
  const be = await rawServer(s => {
    let buf = ''
    s.on('data', d => {
      buf += d.toString('latin1')
      for (let i = buf.indexOf('\r\n\r\n'); i >= 0; i = buf.indexOf('\r\n\r\n')) {
        buf = buf.slice(i + 4)
        s.write(CHUNKED)
      }
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  return { port: dp.port('fe'), conns: be.connections }
}

test('chunked response bytes, extensions and trailers reach the client unchanged', async (t) => {
  const { port, conns } = await setup(t)
  const r = await rawRequest(port, 'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  const body = CHUNKED.slice(CHUNKED.indexOf('\r\n\r\n') + 4)
  const first = r.text.indexOf(body)
  assert.ok(first > 0, r.text)
  const second = r.text.indexOf(body, first + body.length)
  assert.ok(second > first, 'the second response follows the first trailers')
  assert.ok(r.text.endsWith(body))
  assert.match(r.text.slice(0, first), /^HTTP\/1\.1 200 OK\r\n/)
  assert.match(r.text.slice(0, first), /\r\nTransfer-Encoding: chunked\r\n/i)
  assert.equal(conns(), 1)
})

test('undici decodes the chunked body and sees the trailer', async (t) => {
  const { port } = await setup(t)
  const r = await request(`http://127.0.0.1:${port}/`)
  assert.equal(await r.body.text(), 'Wikipedia in\r\n\r\nchunks.')
  assert.equal(r.trailers['x-checksum'], 'abc123')
})

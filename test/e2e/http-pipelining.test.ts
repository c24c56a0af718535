/**
 * Pipelined requests (several in one write) are answered in order on the same
 * client connection, each forwarded only after the previous response.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { httpBackend, rawRequest, splitResponses, startDataplane, simpleHttpConfig } from '../harness/index.js'

test('three pipelined requests in one write get three responses in order', async (t) => {
  // The first request is the slowest: an out-of-order proxy would answer /b first.
  const be = await httpBackend('s1', (req, res) => {
    const body = `answer ${req.url ?? ''}`
    setTimeout(() => res.end(body), req.url === '/a' ? 150 : 0)
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  const payload = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n' +
    'POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello' +
    'GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
  const r = await rawRequest(dp.port('fe'), payload)
  assert.equal(r.closed, true)
  const res = splitResponses(r.text)
  assert.deepEqual(res.map(x => x.body), ['answer /a', 'answer /b', 'answer /c'])
  assert.deepEqual(res.map(x => x.status), [200, 200, 200])
  assert.equal(res[2]?.headers['connection'], 'close')
  assert.equal(res[0]?.headers['connection'], undefined)
  assert.equal(be.requests(), 3)
  assert.equal(be.connections(), 1)
})

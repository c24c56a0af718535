/**
 * Chunked request bodies reach the server intact (extensions, several chunks,
 * trailers), and the next request on the connection is framed correctly after them.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rawRequest, rawServer, splitResponses, startDataplane } from '../harness/index.js'

test('a chunked request body with trailers is forwarded byte for byte', async (t) => {
  let received = ''
  const be = await rawServer(s => {
    let answered = 0
    s.on('data', d => {
      received += d.toString('latin1')
      // Answers nothing before the whole body, then one response per request line.
      const heads = (received.match(/^(GET|POST) /gm) ?? []).length
      const bodyDone = /\r\n0\r\nX-Sum: 42\r\n\r\n/.test(received)
      const want = bodyDone ? heads : 0
      while (answered < want) { answered++; s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok') }
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  server s1 127.0.0.1:${be.port}
`)
  t.after(() => dp.stop())
  const body = '5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 42\r\n\r\n'
  const r = await rawRequest(dp.port('fe'), [
    'POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
    body.slice(0, 12), body.slice(12),
    'GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  ], { pauseMs: 30 })
  const res = splitResponses(r.text)
  assert.deepEqual(res.map(x => x.status), [200, 200])
  const [head, rest] = received.split('\r\n\r\n', 2) as [string, string]
  assert.match(head, /^POST \/up HTTP\/1\.1\r\n/)
  assert.match(head, /\r\nTransfer-Encoding: chunked(\r\n|$)/)
  assert.doesNotMatch(head, /content-length/i)
  assert.ok(received.includes('\r\n\r\n' + body + 'GET /next HTTP/1.1\r\n'), `server got ${JSON.stringify(received)}`)
  assert.ok(rest.startsWith('5;ext=1'))
})

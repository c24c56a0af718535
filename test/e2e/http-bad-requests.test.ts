/**
 * Request smuggling and malformed input: each vector gets HAProxy's 400 page,
 * the connection is closed, and not one byte of it reaches the server.
 * Bytes as haproxy 2.6.12 sends them: raw from the h1 mux when the head (or what
 * came with it) is bad; re-encoded (lower-case names) once the request was forwarded.
 * Stricter than HAProxy on purpose: C-L with T-E, NUL in a value and obs-fold are refused.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rawRequest, rawServer, startDataplane, type RawResult, simpleHttpConfig } from '../harness/index.js'

const BODY_400 = '<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n'
const PAGE_400 = 'HTTP/1.1 400 Bad request\r\nContent-length: 90\r\nCache-Control: no-cache\r\n' +
  'Connection: close\r\nContent-Type: text/html\r\n\r\n' + BODY_400
const STREAM_400 = 'HTTP/1.1 400 Bad request\r\ncontent-length: 90\r\ncache-control: no-cache\r\n' +
  'content-type: text/html\r\nconnection: close\r\n\r\n' + BODY_400

const many = (n: number): string => Array.from({ length: n }, (_, i) => `X-H${i}: v\r\n`).join('')

/** [name, bytes sent in one write]. Each would be read differently by some hop if it got through. */
const VECTORS: readonly [string, string][] = [
  ['Content-Length with Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG'],
  ['Transfer-Encoding with Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n0\r\n\r\nG'],
  ['differing duplicate Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!'],
  ['differing Content-Length list', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\nhello!'],
  ['signed Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello'],
  ['Transfer-Encoding not ending in chunked', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n'],
  ['Transfer-Encoding without chunked', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc'],
  ['chunked twice', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ['bad chunk size', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'],
  ['space before colon', 'GET / HTTP/1.1\r\nHost: x\r\nX-Bad : v\r\n\r\n'],
  ['space in header name', 'GET / HTTP/1.1\r\nHost: x\r\nX Bad: v\r\n\r\n'],
  ['NUL in header value', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n'],
  ['CR in header value', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n'],
  ['LF in header value making a line without colon', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n'],
  ['obs-fold', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n'],
  ['obs-fold with a tab', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tTransfer-Encoding: chunked\r\n\r\n'],
  ['HTTP/0.9 request line', 'GET /\r\n\r\n'],
  ['header block over tune.bufsize', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17000)}\r\n\r\n`],
  ['request line over tune.bufsize', `GET /${'a'.repeat(17000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
  ['more than tune.http.maxhdr headers', `GET / HTTP/1.1\r\nHost: x\r\n${many(110)}\r\n`],
  ['tune.http.maxhdr headers: the start line counts', `GET / HTTP/1.1\r\nHost: x\r\n${many(100)}\r\n`],
]

/** A server that answers a GET at the end of its head, and nothing else. */
async function setup (t: { after: (fn: () => unknown) => void }): Promise<{ port: number; received: () => string; conns: () => number }> {
  let received = ''
  const be = await rawServer(s => {
    s.on('data', d => {
      received += d.toString('latin1')
      if (received.startsWith('GET ') && received.endsWith('\r\n\r\n')) s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  return { port: dp.port('fe'), received: () => received, conns: be.connections }
}

function assert400 (r: RawResult, page = PAGE_400): void {
  assert.equal(r.text, page)
  assert.equal(r.closed, true)
  assert.ok(r.ms < 1500, `closed after ${r.ms} ms`)
}

for (const [name, bytes] of VECTORS) {
  test(`400 and nothing forwarded: ${name}`, async (t) => {
    const { port, received, conns } = await setup(t)
    assert400(await rawRequest(port, bytes))
    await new Promise(r => setTimeout(r, 30))
    assert.equal(conns(), 0)
    assert.equal(received(), '')
  })
}

test('a bad chunk after the head was forwarded: 400, and the server never sees the bad bytes', async (t) => {
  const { port, received, conns } = await setup(t)
  const r = await rawRequest(port, [
    'POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
    '5\r\nhello\r\n',
    '2;\u0001\r\nGET /smuggled HTTP/1.1\r\n\r\n',
  ], { pauseMs: 50 })
  assert400(r, STREAM_400)
  assert.equal(conns(), 1)
  assert.match(received(), /^POST \/up HTTP\/1\.1\r\n/)
  assert.ok(received().endsWith('\r\n\r\n5\r\nhello\r\n'), JSON.stringify(received()))
})

test('the same server answers well-formed requests (100 header fields, 15000-byte head)', async (t) => {
  const { port, received } = await setup(t)
  const ok = await rawRequest(port, `GET /a HTTP/1.1\r\nHost: x\r\n${many(98)}Connection: close\r\n\r\n`)
  assert.match(ok.text, /^HTTP\/1\.1 200 OK\r\n/)
  const big = await rawRequest(port, `GET /b HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(14900)}\r\nConnection: close\r\n\r\n`)
  assert.match(big.text, /^HTTP\/1\.1 200 OK\r\n/)
  assert.match(received(), /^GET \/a HTTP\/1\.1\r\n/)
})

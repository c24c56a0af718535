/**
 * Content-Length framing both ways: request bodies reach the server whole,
 * response bodies reach the client whole, and the connection carries on after them.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { Client } from 'undici'
import { httpBackend, rawRequest, splitResponses, startDataplane, simpleHttpConfig } from '../harness/index.js'

test('content-length bodies of several sizes go both ways on one connection', async (t) => {
  const be = await httpBackend('s1', (req, res) => {
    const h = createHash('sha256')
    let n = 0
    req.on('data', (d: Buffer) => { h.update(d); n += d.length })
    req.on('end', () => {
      const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size') ?? '0')
      const out = Buffer.alloc(size, 'r')
      res.setHeader('x-got', `${n} ${h.digest('hex')}`)
      res.setHeader('content-length', size)
      res.end(out)
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  const c = new Client(`http://127.0.0.1:${dp.port('fe')}`, { pipelining: 1 })
  t.after(() => c.destroy())
  for (const size of [0, 1, 1000, 70_000, 3_000_000]) {
    const body = randomBytes(size)
    const r = await c.request({ method: 'POST', path: `/?size=${size}`, body, headers: { 'content-length': String(size) } })
    const got = Buffer.from(await r.body.arrayBuffer())
    assert.equal(r.statusCode, 200)
    assert.equal(r.headers['x-got'], `${size} ${createHash('sha256').update(body).digest('hex')}`)
    assert.equal(got.length, size)
    assert.ok(got.every(b => b === 0x72))
  }
  assert.equal(be.connections(), 1)
  assert.equal(dp.dataplane.frontends[0]?.counters.total, 1)
})

test('a raw content-length request and the request after it are framed apart', async (t) => {
  const bodies: string[] = []
  const be = await httpBackend('s1', (req, res) => {
    let b = ''
    req.on('data', (d: Buffer) => { b += d.toString() })
    req.on('end', () => { bodies.push(b); res.end(`${req.method ?? ''} ${req.url ?? ''} ${b.length}`) })
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  const r = await rawRequest(dp.port('fe'), [
    'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234',
    '56789GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  ], { pauseMs: 30 })
  const res = splitResponses(r.text)
  assert.deepEqual(res.map(x => x.body), ['POST /a 10', 'GET /b 0'])
  assert.deepEqual(bodies, ['0123456789', ''])
})

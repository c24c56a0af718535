import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ChunkedScanner } from '../src/mux/h1-chunked.js'

const BODY = '5\r\nhello\r\n1A;name=value;flag\r\n' + 'x'.repeat(26) + '\r\n000\r\n\r\n'

function scanAll (s: string, sc = new ChunkedScanner()): { n: number, sc: ChunkedScanner } {
  const b = Buffer.from(s, 'latin1')
  return { n: sc.scan(b, 0, b.length), sc }
}

function refused (s: string, reason: RegExp, sc = new ChunkedScanner()): number {
  const { n } = scanAll(s, sc)
  assert.equal(sc.done, false, JSON.stringify(s))
  assert.ok(sc.error !== undefined, `expected an error for ${JSON.stringify(s)}`)
  assert.match(sc.error, reason)
  return n
}

test('whole body in one call; the next message is left alone', () => {
  const { n, sc } = scanAll(BODY + 'GET / HTTP/1.1\r\n')
  assert.equal(n, BODY.length)
  assert.equal(sc.done, true)
  assert.equal(sc.error, undefined)
  const b = Buffer.from('x')
  assert.equal(sc.scan(b, 0, 1), 0, 'nothing more once done')
})

test('byte by byte gives the same result', () => {
  const b = Buffer.from(BODY + 'NEXT', 'latin1')
  const sc = new ChunkedScanner()
  let total = 0
  for (let i = 0; i < b.length && !sc.done; i++) total += sc.scan(b, i, i + 1)
  assert.equal(total, BODY.length)
  assert.equal(sc.done, true)
  assert.equal(sc.error, undefined)
})

test('every split point into two calls', () => {
  const s = '4;a="q"\r\nWiki\r\n5 ;b\r\npedia\r\n0\r\nTrailer-One: 1\r\nT2:\t x \r\n\r\nNEXT'
  const b = Buffer.from(s, 'latin1')
  const want = s.indexOf('NEXT')
  for (let cut = 0; cut <= b.length; cut++) {
    const sc = new ChunkedScanner()
    const a = sc.scan(b, 0, cut)
    assert.equal(sc.done, cut >= want, `cut ${cut}`)
    const c = sc.scan(b, a, b.length)
    assert.equal(a + c, want, `cut ${cut}`)
    assert.equal(sc.done, true)
    assert.equal(sc.error, undefined)
  }
})

test('hex sizes: upper and lower case, leading zeros, 2^52-1 is the largest', () => {
  assert.equal(scanAll('a\r\n0123456789\r\n0\r\n\r\n').sc.done, true)
  assert.equal(scanAll('00A\r\n0123456789\r\n0\r\n\r\n').sc.done, true)
  const big = new ChunkedScanner()
  const head = Buffer.from('fffffffffffff\r\n')
  assert.equal(big.scan(head, 0, head.length), head.length)
  assert.equal(big.error, undefined)
  const data = Buffer.alloc(1 << 16)
  assert.equal(big.scan(data, 0, data.length), data.length, 'data is skipped without being looked at')
  assert.equal(big.done, false)
})

test('bad chunk sizes', () => {
  refused('zz\r\n', /chunk size/)
  refused('-1\r\n', /chunk size/)
  refused('+5\r\nhello\r\n', /chunk size/)
  refused('0x5\r\nhello\r\n', /chunk size/)
  refused('\r\n', /chunk size/)
  refused(' 5\r\n', /chunk size/)
  refused('5 5\r\n', /chunk size/)
  refused('10000000000000\r\n', /too large/)
  refused('ffffffffffffffffffff\r\n', /too large/)
  refused('12345678901234567890\r\n', /too large/)
})

test('chunk-size lines end with CRLF exactly', () => {
  refused('5\nhello\r\n', /chunk size/)
  refused('5\rhello\r\n', /bare CR/)
  refused('5;ext\nhello\r\n', /extension/)
  refused('5;e\x00x\r\nhello\r\n', /extension/)
  refused('5;e\rx\r\nhello\r\n', /bare CR/)
})

test('chunk data must be followed by CRLF', () => {
  const n = refused('5\r\nhelloX\r\n0\r\n\r\n', /missing CRLF after chunk data/)
  assert.equal(n, 8, 'stops before the offending byte')
  refused('5\r\nhello\n0\r\n\r\n', /missing CRLF/)
  refused('5\r\nhello\r0\r\n\r\n', /missing CRLF/)
  refused('3\r\nhello\r\n', /missing CRLF/)
})

test('bad trailers', () => {
  refused('0\r\nX : y\r\n\r\n', /trailer name/)
  refused('0\r\n folded\r\n\r\n', /trailer line/)
  refused('0\r\nNoColon\r\n\r\n', /trailer name/)
  refused('0\r\nX: a\x00b\r\n\r\n', /trailer value/)
  refused('0\r\nX: a\nY: b\r\n\r\n', /trailer value/)
  refused('0\r\nX: a\r\n\n', /trailer line/)
  refused('0\r\n\rX', /bare CR/)
})

test('chunk-size lines and trailers are bounded', () => {
  refused('5;' + 'e'.repeat(100) + '\r\nhello\r\n', /line too long/, new ChunkedScanner(64))
  assert.equal(scanAll('5;' + 'e'.repeat(50) + '\r\nhello\r\n0\r\n\r\n', new ChunkedScanner(64)).sc.done, true)
  refused('0\r\n' + 'X: y\r\n'.repeat(20) + '\r\n', /trailers too large/, new ChunkedScanner(64))
})

test('nothing is consumed after an error; reset() starts a new body', () => {
  const sc = new ChunkedScanner()
  refused('zz', /chunk size/, sc)
  const b = Buffer.from('5\r\nhello\r\n0\r\n\r\n')
  assert.equal(sc.scan(b, 0, b.length), 0)
  sc.reset()
  assert.equal(sc.error, undefined)
  assert.equal(sc.scan(b, 0, b.length), b.length)
  assert.equal(sc.done, true)
  sc.reset()
  assert.equal(sc.done, false)
  assert.equal(sc.scan(b, 0, b.length), b.length)
})

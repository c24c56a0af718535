/**
 * RequestHead.raw / ResponseHead.raw: present exactly when the head is byte for
 * byte what writeRequestHead / writeResponseHead would produce from the parsed
 * fields, with `hop` giving the [start, end) ranges of the Connection, Keep-Alive
 * and Proxy-Connection lines relative to `bytes`.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  parseRequestHead, parseResponseHead, writeRequestHead, writeResponseHead,
  type HeadLimits, type RequestHead, type ResponseHead, type RawHead,
} from '../src/mux/h1-parse.js'

const LIMITS: HeadLimits = { maxHead: 16384 - 1024, maxHeaders: 101 }

function okReq (s: string | Buffer, start = 0): RequestHead {
  const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s
  const r = parseRequestHead(b, start, b.length, LIMITS)
  assert.ok(r !== undefined && r.kind === 'request', `expected a request, got ${JSON.stringify(r)}`)
  return r
}

function okRes (s: string): ResponseHead {
  const b = Buffer.from(s, 'latin1')
  const r = parseResponseHead(b, 0, b.length, LIMITS)
  assert.ok(r !== undefined && r.kind === 'response', `expected a response, got ${JSON.stringify(r)}`)
  return r
}

const written = (h: RequestHead | ResponseHead): Buffer => h.kind === 'request'
  ? writeRequestHead(h.method, h.target, h.version, h.headers)
  : writeResponseHead(h.version, h.status, h.reason, h.headers)

const HOP = new Set(['connection', 'keep-alive', 'proxy-connection'])

function withoutHopHeaders (headers: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < headers.length; i += 2) if (!HOP.has((headers[i] as string).toLowerCase())) out.push(headers[i] as string, headers[i + 1] as string)
  return out
}

/** raw.bytes with every hop range cut out. */
function cut (raw: RawHead): Buffer {
  const parts: Buffer[] = []
  let at = 0
  for (let k = 0; k < raw.hop.length; k += 2) {
    parts.push(raw.bytes.subarray(at, raw.hop[k]))
    at = raw.hop[k + 1] as number
  }
  parts.push(raw.bytes.subarray(at))
  return Buffer.concat(parts)
}

/** The invariant both ways: raw is there exactly when the head equals its own serialization. */
function assertRawIffCanonical (head: string, h: RequestHead | ResponseHead): void {
  const same = written(h).equals(Buffer.from(head.slice(0, h.headLength), 'latin1'))
  assert.equal(h.raw !== undefined, same, `raw ${h.raw === undefined ? 'missing' : 'present'} for ${JSON.stringify(head)}`)
}

const CANONICAL_REQUESTS = [
  'GET /index.html?q=1 HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n',
  'GET / HTTP/1.0\r\n\r\n',
  'POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n',
  'POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\nContent-Type: text/plain\r\n\r\n',
  'POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n',
  // Inner whitespace, repeated ordinary headers, odd name case and an empty value written as the writer would.
  'GET / HTTP/1.1\r\nHost: a\r\nX-Inner: a  b\tc\r\nX-Dup: 1\r\nX-Dup: 2\r\nx-MiXeD: v\r\nX-Empty: \r\n\r\n',
]

const CANONICAL_RESPONSES = [
  'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n',
  'HTTP/1.1 204 No Content\r\n\r\n',
  'HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n',
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n',
  // An empty reason after the single space is what writeResponseHead writes for reason ''.
  'HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n',
  'HTTP/1.1 503 Service  Unavailable \r\nContent-Length: 0\r\n\r\n',
]

test('canonical requests: raw is the head\'s own bytes, nothing to cut', () => {
  for (const s of CANONICAL_REQUESTS) {
    const r = okReq(s)
    assert.ok(r.raw !== undefined, `raw missing for ${JSON.stringify(s)}`)
    assert.equal(r.raw.bytes.toString('latin1'), s)
    assert.deepEqual(r.raw.hop, [])
    assert.ok(r.raw.bytes.equals(written(r)))
  }
})

test('canonical responses: raw is the head\'s own bytes, nothing to cut', () => {
  for (const s of CANONICAL_RESPONSES) {
    const r = okRes(s)
    assert.ok(r.raw !== undefined, `raw missing for ${JSON.stringify(s)}`)
    assert.equal(r.raw.bytes.toString('latin1'), s)
    assert.deepEqual(r.raw.hop, [])
    assert.ok(r.raw.bytes.equals(written(r)))
  }
})

test('raw covers the head only: body bytes behind it and bytes before `start` are left out', () => {
  const head = 'POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n'
  const r = okReq(head + 'hello')
  assert.equal(r.raw?.bytes.toString('latin1'), head)
  const prefix = 'GET /before HTTP/1.1\r\nHost: a\r\n\r\n'
  const withConn = 'GET /second HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nAccept: */*\r\n\r\n'
  const b = Buffer.from(prefix + withConn + 'GET /third', 'latin1')
  const second = okReq(b, prefix.length)
  assert.ok(second.raw !== undefined)
  assert.equal(second.raw.bytes.toString('latin1'), withConn)
  // Relative to bytes, not to the buffer.
  assert.deepEqual(second.raw.hop, [withConn.indexOf('Connection'), withConn.indexOf('Accept')])
})

const NON_CANONICAL_REQUESTS: Record<string, string> = {
  'double space after the method': 'GET  / HTTP/1.1\r\nHost: a\r\n\r\n',
  'double space after the target': 'GET /  HTTP/1.1\r\nHost: a\r\n\r\n',
  'tab in the request line': 'GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n',
  'bare LF everywhere': 'GET / HTTP/1.1\nHost: a\n\n',
  'bare LF after the request line': 'GET / HTTP/1.1\nHost: a\r\n\r\n',
  'bare LF after one header': 'GET / HTTP/1.1\r\nHost: a\nAccept: */*\r\n\r\n',
  'bare LF as the final empty line': 'GET / HTTP/1.1\r\nHost: a\r\n\n',
  'Name:value': 'GET / HTTP/1.1\r\nHost:a\r\n\r\n',
  'Name:  value': 'GET / HTTP/1.1\r\nHost:  a\r\n\r\n',
  'Name:<tab>value': 'GET / HTTP/1.1\r\nHost:\ta\r\n\r\n',
  'trailing space in a value': 'GET / HTTP/1.1\r\nHost: a \r\n\r\n',
  'trailing tab in a value': 'GET / HTTP/1.1\r\nHost: a\r\nX-A: b\t\r\n\r\n',
  'empty value without the space': 'GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\n\r\n',
  'leading CRLF before the request line': '\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n',
  'leading LF before the request line': '\nGET / HTTP/1.1\r\nHost: a\r\n\r\n',
  'duplicate identical Content-Length': 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n',
  'Content-Length list': 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3,3\r\n\r\n',
  'duplicate identical Host': 'GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n',
  'Content-Length with leading zeros': 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 007\r\n\r\n',
  'Content-Length: 00': 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 00\r\n\r\n',
}

test('non-canonical requests have no raw head', () => {
  for (const [what, s] of Object.entries(NON_CANONICAL_REQUESTS)) {
    const r = okReq(s)
    assert.equal(r.raw, undefined, what)
    assertRawIffCanonical(s, r)
  }
})

const NON_CANONICAL_RESPONSES: Record<string, string> = {
  'status line without reason (no space)': 'HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n',
  'double space before the status': 'HTTP/1.1  200 OK\r\nContent-Length: 0\r\n\r\n',
  'double space before the reason': 'HTTP/1.1 200  OK\r\nContent-Length: 0\r\n\r\n',
  'Transfer-Encoding with Content-Length': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n',
  'Content-Length then Transfer-Encoding': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n',
  'obs-fold': 'HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n',
  'bare LF': 'HTTP/1.1 200 OK\nContent-Length: 0\n\n',
  'Name:value': 'HTTP/1.1 200 OK\r\nContent-Length:0\r\n\r\n',
  'Name:  value': 'HTTP/1.1 200 OK\r\nServer:  x\r\nContent-Length: 0\r\n\r\n',
  'trailing space in a value': 'HTTP/1.1 200 OK\r\nServer: x \r\nContent-Length: 0\r\n\r\n',
  'leading CRLF': '\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
  'duplicate identical Content-Length': 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n',
  'Content-Length with a leading zero': 'HTTP/1.1 200 OK\r\nContent-Length: 05\r\n\r\n',
}

test('non-canonical responses have no raw head', () => {
  for (const [what, s] of Object.entries(NON_CANONICAL_RESPONSES)) {
    const r = okRes(s)
    assert.equal(r.raw, undefined, what)
    assertRawIffCanonical(s, r)
  }
})

test('hop ranges cut exactly the Connection, Keep-Alive and Proxy-Connection lines of a request', () => {
  const cases = [
    'GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nAccept: */*\r\n\r\n',
    'GET / HTTP/1.1\r\nconnection: close\r\nHost: a\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: a\r\nPROXY-CONNECTION: keep-alive\r\n\r\n',
    'GET / HTTP/1.1\r\nKeep-Alive: 300\r\nX-Keep-Alive-Not: 1\r\nConnection: keep-alive, X-Custom\r\nX-Connection: kept\r\nProxy-Connection: close\r\nX-Custom: 1\r\n\r\n',
    'POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: Keep-Alive\r\n\r\n',
  ]
  for (const s of cases) {
    const r = okReq(s)
    assert.ok(r.raw !== undefined, `raw missing for ${JSON.stringify(s)}`)
    const hop = r.raw.hop
    const lines = s.split('\r\n').filter(l => HOP.has(l.slice(0, l.indexOf(':')).toLowerCase()))
    assert.equal(hop.length, 2 * lines.length, JSON.stringify(s))
    for (let k = 0; k < hop.length; k += 2) {
      assert.equal(r.raw.bytes.subarray(hop[k], hop[k + 1]).toString('latin1'), `${lines[k / 2] as string}\r\n`)
    }
    const expected = writeRequestHead(r.method, r.target, r.version, withoutHopHeaders(r.headers))
    assert.equal(cut(r.raw).toString('latin1'), expected.toString('latin1'))
  }
})

test('hop ranges cut exactly the hop-by-hop lines of a response', () => {
  const s = 'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nX-A: 1\r\nKeep-Alive: timeout=5, max=100\r\nContent-Length: 2\r\n\r\n'
  const r = okRes(s)
  assert.ok(r.raw !== undefined)
  assert.deepEqual(r.raw.hop, [
    s.indexOf('Connection'), s.indexOf('X-A'),
    s.indexOf('Keep-Alive'), s.indexOf('Content-Length'),
  ])
  const expected = writeResponseHead(r.version, r.status, r.reason, withoutHopHeaders(r.headers))
  assert.equal(cut(r.raw).toString('latin1'), expected.toString('latin1'))
  assert.equal(cut(r.raw).toString('latin1'), 'HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 2\r\n\r\n')
})

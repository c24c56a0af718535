import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  parseRequestHead, parseResponseHead, writeRequestHead, writeResponseHead, getHeader, removeHeaders,
  type HeadLimits, type RequestHead, type ResponseHead, type H1Error,
} from '../src/mux/h1-parse.js'

const LIMITS: HeadLimits = { maxHead: 16384 - 1024, maxHeaders: 101 }

function req (s: string, limits = LIMITS): RequestHead | H1Error | undefined {
  const b = Buffer.from(s, 'latin1')
  return parseRequestHead(b, 0, b.length, limits)
}

function res (s: string, limits = LIMITS): ResponseHead | H1Error | undefined {
  const b = Buffer.from(s, 'latin1')
  return parseResponseHead(b, 0, b.length, limits)
}

function okReq (s: string, limits = LIMITS): RequestHead {
  const r = req(s, limits)
  assert.ok(r !== undefined && r.kind === 'request', `expected a request, got ${JSON.stringify(r)}`)
  return r
}

function okRes (s: string, limits = LIMITS): ResponseHead {
  const r = res(s, limits)
  assert.ok(r !== undefined && r.kind === 'response', `expected a response, got ${JSON.stringify(r)}`)
  return r
}

function bad (r: RequestHead | ResponseHead | H1Error | undefined, status: number, reason?: RegExp): H1Error {
  assert.ok(r !== undefined && r.kind === 'error', `expected an error, got ${JSON.stringify(r)}`)
  assert.equal(r.status, status, r.reason)
  if (reason !== undefined) assert.match(r.reason, reason)
  return r
}

const GET = 'GET /index.html?q=1 HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n'

test('GET: start line, headers in order, head length', () => {
  const r = okReq(GET)
  assert.equal(r.method, 'GET')
  assert.equal(r.target, '/index.html?q=1')
  assert.equal(r.version, 11)
  assert.deepEqual(r.headers, ['Host', 'www.example.com', 'User-Agent', 'curl/8.5.0', 'Accept', '*/*'])
  assert.equal(r.headLength, GET.length)
  assert.equal(r.contentLength, -1)
  assert.equal(r.chunked, false)
  assert.equal(r.connClose, false)
  assert.equal(r.connKeepAlive, false)
  assert.equal(r.upgrade, undefined)
  assert.equal(r.expectContinue, false)
})

test('header names keep their case, values lose OWS on both sides', () => {
  const r = okReq('GET / HTTP/1.0\r\nX-MiXeD-CaSe:  \t a  b \t \r\nx-empty:\r\nX-Tab:\tv\r\n\r\n')
  assert.equal(r.version, 10)
  assert.deepEqual(r.headers, ['X-MiXeD-CaSe', 'a  b', 'x-empty', '', 'X-Tab', 'v'])
  assert.equal(getHeader(r.headers, 'x-mixed-case'), 'a  b')
})

test('POST with Content-Length: body starts at headLength', () => {
  const s = 'POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world'
  const r = okReq(s)
  assert.equal(r.contentLength, 11)
  assert.equal(r.chunked, false)
  assert.equal(s.slice(r.headLength), 'hello world')
})

test('chunked request: chunked, no length', () => {
  const r = okReq('POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n')
  assert.equal(r.chunked, true)
  assert.equal(r.contentLength, -1)
  assert.equal(r.connClose, false)
})

test('chunked HTTP/1.0 request is closed after, as HAProxy does', () => {
  const r = okReq('POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n')
  assert.equal(r.chunked, true)
  assert.equal(r.connClose, true)
})

test('pipelined requests: the second one starts at headLength', () => {
  const one = 'GET /a HTTP/1.1\r\nHost: a\r\n\r\n'
  const two = 'POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok'
  const three = 'GET /c HTTP/1.1\r\nHost: a\r\n\r\n'
  const b = Buffer.from(one + two + three, 'latin1')
  const r1 = parseRequestHead(b, 0, b.length, LIMITS) as RequestHead
  assert.equal(r1.target, '/a')
  const r2 = parseRequestHead(b, r1.headLength, b.length, LIMITS) as RequestHead
  assert.equal(r2.target, '/b')
  assert.equal(r2.contentLength, 2)
  const next = r1.headLength + r2.headLength + r2.contentLength
  const r3 = parseRequestHead(b, next, b.length, LIMITS) as RequestHead
  assert.equal(r3.target, '/c')
  assert.equal(next + r3.headLength, b.length)
})

test('parses inside a larger buffer and never looks past end', () => {
  const s = 'xxGET / HTTP/1.1\r\nHost: a\r\n\r\nGARBAGE'
  const b = Buffer.from(s, 'latin1')
  const r = parseRequestHead(b, 2, s.indexOf('GARBAGE'), LIMITS) as RequestHead
  assert.equal(r.kind, 'request')
  assert.equal(r.headLength, s.indexOf('GARBAGE') - 2)
  // the final CRLF is there in memory but beyond end
  assert.equal(parseRequestHead(b, 2, s.indexOf('GARBAGE') - 2, LIMITS), undefined)
  assert.equal(parseRequestHead(b, 2, s.indexOf('GARBAGE') - 1, LIMITS), undefined)
})

test('leading empty lines are skipped and counted in headLength', () => {
  const s = '\r\n\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n'
  const r = okReq(s)
  assert.equal(r.method, 'GET')
  assert.equal(r.headLength, s.length)
  assert.equal(req('\r\n\r\n'), undefined)
  bad(req('\r\rGET / HTTP/1.1\r\n\r\n'), 400, /bare CR/)
})

test('bare LF ends lines, as HAProxy tolerates', () => {
  const s = 'GET / HTTP/1.1\nHost: a\nX: y\r\n\n'
  const r = okReq(s)
  assert.deepEqual(r.headers, ['Host', 'a', 'X', 'y'])
  assert.equal(r.headLength, s.length)
  const mixed = 'GET / HTTP/1.1\r\nHost: a\n\r\nBODY'
  assert.equal(okReq(mixed).headLength, mixed.indexOf('BODY'))
})

test('incomplete heads return undefined at every split point', () => {
  const requests = [
    GET,
    '\r\nPOST /x HTTP/1.0\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\n',
    'GET / HTTP/1.1\nHost: a\n\n',
    'OPTIONS * HTTP/1.1\r\n\r\n',
  ]
  for (const s of requests) {
    const b = Buffer.from(s, 'latin1')
    for (let n = 0; n < b.length; n++) {
      assert.equal(parseRequestHead(b, 0, n, LIMITS), undefined, `prefix ${n} of ${JSON.stringify(s)}`)
      assert.equal(parseRequestHead(b.subarray(0, n), 0, n, LIMITS), undefined, `copy of prefix ${n}`)
    }
    assert.equal(parseRequestHead(b, 0, b.length, LIMITS)?.kind, 'request')
  }
  const responses = [
    'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
    'HTTP/1.0 404 \r\nX: y\r\n  folded\r\n\r\n',
  ]
  for (const s of responses) {
    const b = Buffer.from(s, 'latin1')
    for (let n = 0; n < b.length; n++) assert.equal(parseResponseHead(b, 0, n, LIMITS), undefined, `prefix ${n} of ${JSON.stringify(s)}`)
    assert.equal(parseResponseHead(b, 0, b.length, LIMITS)?.kind, 'response')
  }
})

test('garbage is refused at its first byte, before the head is complete', () => {
  bad(req('\x16\x03\x01\x02\x00'), 400, /method/)
  bad(req(' GET / HTTP/1.1\r\n'), 400)
  bad(res('\x00HTTP/1.1 200'), 502)
})

test('Connection, Upgrade and Expect', () => {
  const r = okReq('GET /ws HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nExpect: 100-Continue\r\n\r\n')
  assert.equal(r.connKeepAlive, true)
  assert.equal(r.connClose, false)
  assert.equal(r.upgrade, 'websocket')
  assert.equal(r.expectContinue, true)
  const c = okReq('GET / HTTP/1.1\r\nconnection: foo\r\nConnection: CLOSE\r\nUpgrade: h2c\r\n\r\n')
  assert.equal(c.connClose, true)
  assert.equal(c.upgrade, undefined, 'Upgrade without the Connection token is no upgrade')
  assert.equal(okReq('GET / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n').expectContinue, false, 'HTTP/1.1 only, as HAProxy')
})

test('identical Content-Length repeats and lists are merged into one header', () => {
  const r = okReq('POST / HTTP/1.1\r\nContent-Length: 005, 5\r\nX: y\r\ncontent-length: 5\r\n\r\n')
  assert.equal(r.contentLength, 5)
  assert.deepEqual(r.headers, ['Content-Length', '5', 'X', 'y'])
  assert.equal(okReq('POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n').contentLength, 0)
})

test('identical Host repeats are merged, differing ones refused', () => {
  assert.deepEqual(okReq('GET / HTTP/1.1\r\nHost: a.com\r\nHost: A.COM\r\n\r\n').headers, ['Host', 'a.com'])
  bad(req('GET / HTTP/1.1\r\nHost: a.com\r\nHost: b.com\r\n\r\n'), 400, /Host/)
})

test('request smuggling and malformed requests are refused with 400', () => {
  const vectors: Array<[string, string, RegExp?]> = [
    ['CL+TE', 'POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n', /Content-Length with Transfer-Encoding/],
    ['TE+CL', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n', /Content-Length with Transfer-Encoding/],
    ['differing CL', 'POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n', /conflicting Content-Length/],
    ['CL list', 'POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n', /Content-Length/],
    ['CL +5', 'POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n', /Content-Length/],
    ['CL -1', 'POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n', /Content-Length/],
    ['CL hex', 'POST / HTTP/1.1\r\nContent-Length: 0x5\r\n\r\n', /Content-Length/],
    ['CL empty', 'POST / HTTP/1.1\r\nContent-Length:\r\n\r\n', /Content-Length/],
    ['CL trailing comma', 'POST / HTTP/1.1\r\nContent-Length: 5,\r\n\r\n', /Content-Length/],
    ['CL spaces inside', 'POST / HTTP/1.1\r\nContent-Length: 1 0\r\n\r\n', /Content-Length/],
    ['CL overflow', 'POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n', /Content-Length/],
    ['TE chunked, gzip', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n', /Transfer-Encoding/],
    ['TE gzip only', 'POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n', /Transfer-Encoding/],
    ['TE chunked twice', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n', /Transfer-Encoding/],
    ['TE chunked in two headers', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n', /Transfer-Encoding/],
    ['TE then gzip header', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n', /Transfer-Encoding/],
    ['TE empty', 'POST / HTTP/1.1\r\nTransfer-Encoding:\r\n\r\n', /Transfer-Encoding/],
    ['TE trailing comma', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked,\r\n\r\n', /Transfer-Encoding/],
    ['TE empty element', 'POST / HTTP/1.1\r\nTransfer-Encoding: ,chunked\r\n\r\n', /Transfer-Encoding/],
    ['TE xchunked', 'POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n', /Transfer-Encoding/],
    ['space before colon', 'POST / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n', /whitespace before colon/],
    ['tab before colon', 'POST / HTTP/1.1\r\nContent-Length\t: 5\r\n\r\n', /whitespace before colon/],
    ['obs-fold', 'GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\n\r\n', /obs-fold/],
    ['obs-fold TE', 'POST / HTTP/1.1\r\nTransfer-Encoding:\r\n chunked\r\n\r\n', /obs-fold/],
    ['whitespace before first header', 'GET / HTTP/1.1\r\n Host: a\r\n\r\n', /whitespace/],
    ['NUL in value', 'GET / HTTP/1.1\r\nX: a\x00b\r\n\r\n', /NUL/],
    ['SOH in value', 'GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n', /CTL/],
    ['DEL in value', 'GET / HTTP/1.1\r\nX: a\x7fb\r\n\r\n', /CTL/],
    ['bare CR in value', 'GET / HTTP/1.1\r\nX: a\rb\r\n\r\n', /bare CR/],
    ['bare CR ending value', 'GET / HTTP/1.1\r\nX: a\r\r\n\r\n', /bare CR/],
    ['bare CR ending request line', 'GET / HTTP/1.1\rHost: a\r\n\r\n', /bare CR/],
    ['bare CR ending head', 'GET / HTTP/1.1\r\nHost: a\r\n\rX\r\n\r\n', /bare CR/],
    ['empty header name', 'GET / HTTP/1.1\r\n: v\r\n\r\n', /header name/],
    ['bad header name', 'GET / HTTP/1.1\r\nX@Y: v\r\n\r\n', /header name/],
    ['no colon', 'GET / HTTP/1.1\r\nHost\r\n\r\n', /header name/],
    ['HTTP/0.9', 'GET /\r\n\r\n', /0\.9/],
    ['HTTP/0.9 no target', 'GET\r\n\r\n', /0\.9/],
    ['HTTP/1.2', 'GET / HTTP/1.2\r\n\r\n', /version/],
    ['HTTP/2.0', 'GET / HTTP/2.0\r\n\r\n', /version/],
    ['h2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', /version/],
    ['lower-case version', 'GET / http/1.1\r\n\r\n', /version/],
    ['space after version', 'GET / HTTP/1.1 \r\n\r\n', /version/],
    ['bad method char', 'G(T / HTTP/1.1\r\n\r\n', /method/],
    ['fragment in target', 'GET /a#b HTTP/1.1\r\n\r\n', /target/],
    ['non-ASCII target', 'GET /caf\xe9 HTTP/1.1\r\n\r\n', /target/],
    ['CTL in target', 'GET /a\x01 HTTP/1.1\r\n\r\n', /target/],
    ['asterisk with GET', 'GET * HTTP/1.1\r\n\r\n', /asterisk/],
    ['authority-form without CONNECT', 'GET a.com:443 HTTP/1.1\r\n\r\n', /authority-form/],
    ['CONNECT with origin-form', 'CONNECT /x HTTP/1.1\r\n\r\n', /CONNECT/],
    ['CONNECT without port', 'CONNECT a.com HTTP/1.1\r\n\r\n', /port/],
    ['CONNECT with absolute-form', 'CONNECT http://a.com:80/ HTTP/1.1\r\n\r\n', /CONNECT/],
    ['Host vs absolute-form', 'GET http://a.com/ HTTP/1.1\r\nHost: b.com\r\n\r\n', /Host/],
    ['Host vs absolute-form port', 'GET http://a.com:8080/ HTTP/1.1\r\nHost: a.com\r\n\r\n', /Host/],
    ['Host vs CONNECT', 'CONNECT a.com:443 HTTP/1.1\r\nHost: b.com:443\r\n\r\n', /Host/],
  ]
  for (const [name, s, reason] of vectors) {
    const r = req(s)
    assert.ok(r !== undefined && r.kind === 'error', `${name}: expected an error, got ${JSON.stringify(r)}`)
    assert.equal(r.status, 400, `${name}: ${r.reason}`)
    if (reason !== undefined) assert.match(r.reason, reason, name)
  }
})

test('error offsets point at the offending byte', () => {
  const s = 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n'
  assert.equal(bad(req(s), 400).offset, s.indexOf(' :'))
  const n = 'GET / HTTP/1.1\r\nX: a\x00b\r\n\r\n'
  assert.equal(bad(req(n), 400).offset, n.indexOf('\x00'))
  const f = '\r\nGET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n'
  assert.equal(bad(req(f), 400, /obs-fold/).offset, f.indexOf(' c'))
})

test('request-target forms HAProxy accepts', () => {
  assert.equal(okReq('OPTIONS * HTTP/1.1\r\n\r\n').target, '*')
  assert.equal(okReq('CONNECT a.com:443 HTTP/1.1\r\nHost: a.com:443\r\n\r\n').target, 'a.com:443')
  assert.equal(okReq('CONNECT a.com:443 HTTP/1.1\r\nHost: A.com\r\n\r\n').method, 'CONNECT')
  assert.equal(okReq('GET http://a.com/x HTTP/1.1\r\nHost: a.com\r\n\r\n').target, 'http://a.com/x')
  assert.equal(okReq('GET http://user@a.com:80/x HTTP/1.1\r\nHost: a.com\r\n\r\n').method, 'GET')
  assert.equal(okReq('GET https://a.com/x HTTP/1.1\r\nHost: a.com:443\r\n\r\n').method, 'GET')
  assert.equal(okReq('GET http://a.com/x HTTP/1.1\r\n\r\n').method, 'GET')
  assert.equal(okReq('M-SEARCH * HTTP/1.1\r\n\r\n').method, 'M-SEARCH')
  assert.equal(okReq('GET  /spaced\t HTTP/1.1\r\n\r\n').target, '/spaced')
})

test('head over maxHead: 414 in the request line, 431 in the headers, 502 for responses', () => {
  const small: HeadLimits = { maxHead: 64, maxHeaders: 101 }
  bad(req('GET /' + 'a'.repeat(80), small), 414)
  bad(req('GET /' + 'a'.repeat(80) + ' HTTP/1.1\r\n\r\n', small), 414)
  bad(req('GET / HTTP/1.1\r\nX: ' + 'a'.repeat(80), small), 431)
  bad(req('GET / HTTP/1.1\r\nX: ' + 'a'.repeat(80) + '\r\n\r\n', small), 431)
  bad(res('HTTP/1.1 200 OK\r\nX: ' + 'a'.repeat(80), small), 502)
  // exactly maxHead bytes with the final empty line is fine, one more is not
  const fit = 'GET / HTTP/1.1\r\nX: ' + 'a'.repeat(64 - 23) + '\r\n\r\n'
  assert.equal(fit.length, 64)
  assert.equal(okReq(fit, small).headLength, 64)
  bad(req(fit.replace('X: ', 'X: a'), small), 431)
  // incomplete but still within the limit
  assert.equal(req('GET / HTTP/1.1\r\nX: ' + 'a'.repeat(20), small), undefined)
})

test('tune.http.maxhdr counts the start line, as HAProxy: 101 allows 100 header fields', () => {
  const head = (n: number): string => 'GET / HTTP/1.1\r\n' + Array.from({ length: n }, (_, k) => `X-H${k}: ${k}\r\n`).join('') + '\r\n'
  assert.equal(okReq(head(100)).headers.length, 200)
  bad(req(head(101)), 400, /too many headers/)
  bad(req(head(102)), 400, /too many headers/)
  const rsp = (n: number): string => 'HTTP/1.1 200 OK\r\n' + Array.from({ length: n }, (_, k) => `X-H${k}: ${k}\r\n`).join('') + '\r\n'
  assert.equal(okRes(rsp(100)).headers.length, 200)
  bad(res(rsp(102)), 502, /too many headers/)
  assert.equal(okReq(head(300), { maxHead: 1 << 20, maxHeaders: 1000 }).headers.length, 600)
})

test('long values are checked at every alignment (word-at-a-time path)', () => {
  const value = 'v'.repeat(90)
  for (let shift = 0; shift < 8; shift++) {
    for (let at = 0; at < value.length; at += 7) {
      for (const [ch, ok] of [['\x00', false], ['\x01', false], ['\x7f', false], ['\t', true], ['\xe9', true], ['~', true]] as const) {
        const s = 'GET / HTTP/1.1\r\nCookie: ' + value.slice(0, at) + ch + value.slice(at + 1) + '\r\nX: y\r\n\r\n'
        const b = Buffer.alloc(s.length + shift + 8)
        b.write(s, shift, 'latin1')
        const r = parseRequestHead(b, shift, shift + s.length, LIMITS)
        if (ok) {
          assert.equal(r?.kind, 'request', `shift ${shift} at ${at} ${JSON.stringify(ch)}`)
          const v = value.slice(0, at) + ch + value.slice(at + 1)
          assert.equal(getHeader((r as RequestHead).headers, 'cookie'), at === 0 && ch === '\t' ? v.slice(1) : v)
        } else {
          assert.equal(r?.kind, 'error', `shift ${shift} at ${at} ${JSON.stringify(ch)}`)
          assert.equal((r as H1Error).offset, s.indexOf(ch))
        }
      }
    }
  }
})

test('response: status, reason with spaces, empty or missing reason', () => {
  const r = okRes('HTTP/1.1 404 Not  Found here\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found')
  assert.equal(r.status, 404)
  assert.equal(r.reason, 'Not  Found here')
  assert.equal(r.version, 11)
  assert.equal(r.contentLength, 9)
  assert.equal(r.connClose, true)
  assert.equal(r.headLength, r.headLength)
  assert.equal(okRes('HTTP/1.0 200 \r\n\r\n').reason, '')
  const nr = okRes('HTTP/1.0 204\r\n\r\n')
  assert.equal(nr.status, 204)
  assert.equal(nr.reason, '')
  assert.equal(nr.version, 10)
  assert.equal(okRes('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n').headLength, 25)
  const up = okRes('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n')
  assert.equal(up.upgrade, 'websocket')
})

test('response with Transfer-Encoding and Content-Length: Content-Length is dropped, connection closed after', () => {
  const r = okRes('HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\nX: y\r\n\r\n')
  assert.equal(r.chunked, true)
  assert.equal(r.contentLength, -1)
  assert.equal(r.connClose, true)
  assert.deepEqual(r.headers, ['Transfer-Encoding', 'chunked', 'X', 'y'])
  const keep = okRes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')
  assert.equal(keep.connClose, false)
  assert.equal(okRes('HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n').connClose, true)
})

test('response coded with something after chunked is delimited by close', () => {
  const r = okRes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nContent-Length: 4\r\n\r\n')
  assert.equal(r.chunked, false)
  assert.equal(r.contentLength, -1)
  assert.deepEqual(r.headers, ['Transfer-Encoding', 'chunked, gzip'])
})

test('response obs-fold is unfolded with spaces, as HAProxy does', () => {
  const r = okRes('HTTP/1.1 200 OK\r\nX-Folded: one\r\n two\r\n\tthree \r\nY:\r\n z\r\n\r\n')
  assert.deepEqual(r.headers, ['X-Folded', 'one   two  \tthree', 'Y', 'z'])
})

test('bad responses are 502', () => {
  const vectors: Array<[string, string]> = [
    ['status 2 digits', 'HTTP/1.1 20 OK\r\n\r\n'],
    ['status 4 digits', 'HTTP/1.1 2000 OK\r\n\r\n'],
    ['status 600', 'HTTP/1.1 600 Nope\r\n\r\n'],
    ['status 099', 'HTTP/1.1 099 Nope\r\n\r\n'],
    ['status letters', 'HTTP/1.1 abc OK\r\n\r\n'],
    ['no status', 'HTTP/1.1\r\n\r\n'],
    ['bad version', 'HTTP/2 200 OK\r\n\r\n'],
    ['ICY', 'ICY 200 OK\r\n\r\n'],
    ['differing CL', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'],
    ['bad CL', 'HTTP/1.1 200 OK\r\nContent-Length: 1a\r\n\r\n'],
    ['chunked twice', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n'],
    ['empty TE', 'HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\n\r\n'],
    ['NUL in value', 'HTTP/1.1 200 OK\r\nX: a\x00\r\n\r\n'],
    ['NUL in reason', 'HTTP/1.1 200 O\x00K\r\n\r\n'],
    ['bare CR', 'HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n'],
    ['space before colon', 'HTTP/1.1 200 OK\r\nX : a\r\n\r\n'],
    ['fold as first line', 'HTTP/1.1 200 OK\r\n X: a\r\n\r\n'],
  ]
  for (const [name, s] of vectors) {
    const r = res(s)
    assert.ok(r !== undefined && r.kind === 'error', `${name}: expected an error, got ${JSON.stringify(r)}`)
    assert.equal(r.status, 502, name)
  }
  // HAProxy passes other CTLs in response values
  assert.deepEqual(okRes('HTTP/1.1 200 OK\r\nX: a\x01b\r\n\r\n').headers, ['X', 'a\x01b'])
})

test('writeRequestHead / writeResponseHead serialize heads that parse back', () => {
  const w = writeRequestHead('GET', '/', 11, ['Host', 'x'])
  assert.equal(w.toString('latin1'), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  const r = okReq(writeRequestHead('POST', '/caf%C3%A9', 10, ['Host', 'x', 'X-Bin', 'caf\xe9', 'Content-Length', '3']).toString('latin1'))
  assert.equal(r.version, 10)
  assert.deepEqual(r.headers, ['Host', 'x', 'X-Bin', 'caf\xe9', 'Content-Length', '3'])
  assert.equal(writeResponseHead(11, 200, 'OK', ['Content-Length', '0']).toString('latin1'), 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')
  assert.equal(writeResponseHead(10, 204, '', []).toString('latin1'), 'HTTP/1.0 204 \r\n\r\n')
  const back = okRes(writeResponseHead(11, 503, 'Service Unavailable', ['X', 'y']).toString('latin1'))
  assert.equal(back.status, 503)
  assert.equal(back.reason, 'Service Unavailable')
})

test('getHeader and removeHeaders are case-insensitive', () => {
  const h = ['Host', 'a', 'Connection', 'close', 'X-A', '1', 'connection', 'te', 'X-B', '2']
  assert.equal(getHeader(h, 'CONNECTION'), 'close')
  assert.equal(getHeader(h, 'x-b'), '2')
  assert.equal(getHeader(h, 'nope'), undefined)
  assert.equal(getHeader(h, 'X-'), undefined)
  removeHeaders(h, 'connection')
  assert.deepEqual(h, ['Host', 'a', 'X-A', '1', 'X-B', '2'])
  removeHeaders(h, 'missing')
  assert.equal(h.length, 6)
  removeHeaders(h, 'host')
  removeHeaders(h, 'x-a')
  removeHeaders(h, 'x-b')
  assert.deepEqual(h, [])
})

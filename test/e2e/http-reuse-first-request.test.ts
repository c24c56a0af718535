/**
 * `http-reuse` and a session's FIRST request: under `safe` a replayable first
 * request (GET, no body) may take an idle pooled connection that has already
 * completed a response; a POST never does; `never` never shares; `aggressive`
 * wants a connection that served 2+ responses; `always` takes any. A pooled
 * connection the server closed under the request is replaced transparently.
 * Each client is its own TCP connection; the backend counts accepted connections.
 */
import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { httpBackend, startDataplane, scriptedHttpServer, httpResponse, simpleHttpConfig, type InProcess } from '../harness/index.js'
import type { Server } from '@switchyard/dataplane'

function config (port: number, reuse: string): string {
  return simpleHttpConfig(port, [`http-reuse ${reuse}`])
}

type Res = { status: number; body: string }

/**
 * Opens one client connection, sends the requests one after the other (each after
 * the previous response is complete, keep-alive), then closes. Stops early when
 * the proxy closes; the answers received so far come back.
 */
function client (port: number, requests: readonly { method: string; path: string; body?: string }[]): Promise<Res[]> {
  return new Promise((resolve, reject) => {
    const sock = connect({ port, host: '127.0.0.1' })
    const out: Res[] = []
    let buf = Buffer.alloc(0)
    let next = 0
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`no complete answer after 5 s: ${buf.toString('latin1')}`)) }, 5000)
    const sendNext = (): void => {
      const r = requests[next++]
      if (r === undefined) { clearTimeout(timer); sock.end(); resolve(out); return }
      const cl = r.body === undefined ? '' : `Content-Length: ${Buffer.byteLength(r.body)}\r\n`
      sock.write(`${r.method} ${r.path} HTTP/1.1\r\nHost: sy.test\r\n${cl}\r\n${r.body ?? ''}`)
    }
    sock.on('connect', sendNext)
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d])
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return
      const head = buf.subarray(0, end).toString('latin1')
      const m = /\r\ncontent-length: *(\d+)/i.exec(head)
      const len = m === null ? 0 : Number(m[1])
      if (buf.length < end + 4 + len) return
      out.push({ status: Number(head.split(' ')[1]), body: buf.subarray(end + 4, end + 4 + len).toString('latin1') })
      buf = buf.subarray(end + 4 + len)
      sendNext()
    })
    sock.on('error', () => sock.destroy())
    sock.on('close', () => { clearTimeout(timer); resolve(out) })
  })
}

const GET = (path: string): { method: string; path: string } => ({ method: 'GET', path })
const POST = (path: string, body?: string): { method: string; path: string; body?: string } => ({ method: 'POST', path, body })

async function oneEach (p: InProcess, reqs: readonly { method: string; path: string; body?: string }[]): Promise<Res[]> {
  const all: Res[] = []
  for (const r of reqs) {
    const got = await client(p.port('fe'), [r])
    assert.equal(got.length, 1, `${r.method} ${r.path}: no answer`)
    all.push(got[0] as Res)
  }
  return all
}

function counters (p: InProcess): Server['counters'] {
  const s = p.dataplane.backends.get('be')?.byName.get('s1')
  if (s === undefined) throw new Error('no server s1')
  return s.counters
}

const paths = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => `/${prefix}${i}`)

test('safe: five one-GET clients in a row share one server connection', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const p = await startDataplane(config(be.port, 'safe'))
  t.after(() => p.stop())
  const got = await oneEach(p, paths(5, 'g').map(GET))
  assert.deepEqual(got, paths(5, 'g').map(x => ({ status: 200, body: `s1 GET ${x}` })))
  assert.equal(p.dataplane.frontends[0]?.counters.total, 5)
  assert.equal(be.requests(), 5)
  assert.equal(be.connections(), 1)
  assert.equal(counters(p).connects, 1)
  assert.equal(counters(p).reuses, 4)
})

test('safe: a POST (or a GET with a body) as first request never takes a pooled connection; a bodyless GET does', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const p = await startDataplane(config(be.port, 'safe'))
  t.after(() => p.stop())
  const posts = [POST('/p0', 'a=0'), POST('/p1'), POST('/p2', 'a=2'), POST('/p3'), POST('/p4', 'a=4')]
  const got = await oneEach(p, posts)
  assert.deepEqual(got, posts.map(x => ({ status: 200, body: `s1 POST ${x.path}` })))
  assert.equal(be.connections(), 5, 'one new server connection per POST client')
  assert.equal(counters(p).reuses, 0)
  // A GET with a body is not replayable either.
  const [gb] = await oneEach(p, [{ method: 'GET', path: '/with-body', body: 'q' }])
  assert.deepEqual(gb, { status: 200, body: 's1 GET /with-body' })
  assert.equal(be.connections(), 6)
  assert.equal(counters(p).reuses, 0)
  // The pooled connections are proven: a bodyless GET client takes one.
  const [g] = await oneEach(p, [GET('/after')])
  assert.deepEqual(g, { status: 200, body: 's1 GET /after' })
  assert.equal(be.connections(), 6)
  assert.equal(counters(p).reuses, 1)
})

test('never: every one-GET client gets its own server connection', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const p = await startDataplane(config(be.port, 'never'))
  t.after(() => p.stop())
  const got = await oneEach(p, paths(5, 'n').map(GET))
  assert.deepEqual(got.map(r => r.status), [200, 200, 200, 200, 200])
  assert.equal(be.connections(), 5)
  assert.equal(counters(p).reuses, 0)
})

test('aggressive: a first request takes only a connection that served two or more responses', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const p = await startDataplane(config(be.port, 'aggressive'))
  t.after(() => p.stop())
  // Each pooled connection has served one response only: not proven enough.
  await oneEach(p, paths(3, 'a').map(GET))
  assert.equal(be.connections(), 3)
  assert.equal(counters(p).reuses, 0)
  // One client with two requests: a new connection, reused by its own second request.
  const two = await client(p.port('fe'), [GET('/k0'), GET('/k1')])
  assert.deepEqual(two.map(r => r.body), ['s1 GET /k0', 's1 GET /k1'])
  assert.equal(be.connections(), 4)
  // That connection has served two responses: first requests may now take it.
  const got = await oneEach(p, paths(3, 'b').map(GET))
  assert.deepEqual(got.map(r => r.status), [200, 200, 200])
  assert.equal(be.connections(), 4)
  assert.equal(be.requests(), 8)
})

test('always: first requests take any idle connection, POSTs included', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const p = await startDataplane(config(be.port, 'always'))
  t.after(() => p.stop())
  const reqs = [GET('/x'), POST('/p0', 'a=0'), POST('/p1'), GET('/y'), POST('/p2', 'b=2')]
  const got = await oneEach(p, reqs)
  assert.deepEqual(got, reqs.map(x => ({ status: 200, body: `s1 ${x.method} ${x.path}` })))
  assert.equal(be.connections(), 1)
  assert.equal(counters(p).reuses, 4)
})

/**
 * A server that keeps connections alive without saying so and drops one, without
 * answering, on a request for which `drop` says so; and a data plane in front of it.
 */
async function droppingServer (t: TestContext, reuse: string, drop: (conn: number, onConn: number) => boolean): Promise<{ s1: Awaited<ReturnType<typeof scriptedHttpServer>>; p: InProcess }> {
  const s1 = await scriptedHttpServer((r, s) => {
    if (drop(r.conn, r.onConn)) { s.destroy(); return }
    s.write(httpResponse(200, `s1 ${r.method} ${r.target} conn${r.conn}`))
  })
  t.after(() => s1.close())
  const p = await startDataplane(config(s1.port, reuse))
  t.after(() => p.stop())
  return { s1, p }
}

test('safe: a pooled connection the server closes when the reused GET arrives is replaced, the GET succeeds', async (t) => {
  // Keep-alive without saying so, then the server drops the connection on the
  // next request without answering: what a server whose idle timer fired does.
  const { s1, p } = await droppingServer(t, 'safe', (_conn, onConn) => onConn > 0)
  const got = await oneEach(p, paths(2, 'c').map(GET))
  assert.deepEqual(got, [
    { status: 200, body: 's1 GET /c0 conn1' },
    { status: 200, body: 's1 GET /c1 conn2' },
  ])
  // The second client went to the pooled connection first, then to a new one.
  assert.deepEqual(s1.seen.map(x => `${x.target} conn${x.conn}`), ['/c0 conn1', '/c1 conn1', '/c1 conn2'])
  const c = counters(p)
  assert.equal(c.reuses, 1)
  assert.equal(c.connects, 2)
  assert.equal(c.responseErrors, 0)
  assert.equal(c.retries, 0, 're-sending after a reuse failure is not a retry-on retry')
})

test('safe: a server that closes idle connections after a delay: the next GET still succeeds', async (t) => {
  const s1 = await scriptedHttpServer((r, s) => {
    s.write(httpResponse(200, `s1 ${r.method} ${r.target} conn${r.conn}`))
    setTimeout(() => s.end(), 50)
  })
  t.after(() => s1.close())
  const p = await startDataplane(config(s1.port, 'safe'))
  t.after(() => p.stop())
  const [a] = await oneEach(p, [GET('/d0')])
  assert.deepEqual(a, { status: 200, body: 's1 GET /d0 conn1' })
  await new Promise(r => setTimeout(r, 200))
  const [b] = await oneEach(p, [GET('/d1')])
  assert.deepEqual(b, { status: 200, body: 's1 GET /d1 conn2' })
  assert.equal(s1.connections(), 2)
  assert.equal(s1.requests(), 2)
  assert.equal(counters(p).responseErrors, 0)
})

test('a request with a body is not re-sent when its reused connection is closed under it: 502', async (t) => {
  const { s1, p } = await droppingServer(t, 'always', (_conn, onConn) => onConn > 0)
  const [a] = await oneEach(p, [GET('/first')])
  assert.equal(a?.status, 200)
  const [b] = await oneEach(p, [POST('/form', 'a=1')])
  assert.equal(b?.status, 502)
  assert.deepEqual(s1.seen.map(x => `${x.method} ${x.target} conn${x.conn}`), ['GET /first conn1', 'POST /form conn1'])
  assert.equal(counters(p).responseErrors, 1)
})

test('a POST without a body is not re-sent either when its reused connection is closed under it: 502', async (t) => {
  const { s1, p } = await droppingServer(t, 'safe', (_conn, onConn) => onConn > 0)
  // One client: the GET leaves the connection as the session's own, the POST reuses it.
  const got = await client(p.port('fe'), [GET('/g'), POST('/nobody')])
  assert.deepEqual(got.map(r => r.status), [200, 502])
  assert.deepEqual(s1.seen.map(x => `${x.method} ${x.target} conn${x.conn}`), ['GET /g conn1', 'POST /nobody conn1'])
})

test('after a re-send the new connection is kept alive and pooled', async (t) => {
  const { s1, p } = await droppingServer(t, 'safe', (conn, onConn) => conn === 1 && onConn > 0)
  const got = await oneEach(p, paths(3, 'k').map(GET))
  assert.deepEqual(got.map(r => r.body), ['s1 GET /k0 conn1', 's1 GET /k1 conn2', 's1 GET /k2 conn2'])
  assert.equal(s1.connections(), 2)
})

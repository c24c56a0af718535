/**
 * `retry-on` (HAProxy's L7 retries): a replayable request (idempotent method, no
 * body) whose response failed before any byte reached the client is sent again,
 * within `retries`, to the same server or, with `option redispatch`, to another.
 * Backends are raw servers that misbehave on chosen requests; each test counts what
 * every server received and the server counters.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Socket } from 'node:net'
import {
  freePort, rawRequest, splitResponses, startDataplane, scriptedHttpServer, httpResponse,
  type InProcess, type Scripted, type ScriptedRequest,
} from '../harness/index.js'
import type { Server } from '@switchyard/dataplane'

type Behaviour = (r: ScriptedRequest, s: Socket) => void

/** Server misbehaviours, one per failure kind `retry-on` names. */
const empty: Behaviour = (_r, s) => { s.end() }
const junk: Behaviour = (_r, s) => { s.write('garbage that is no status line\r\n\r\n') }
const partialHead: Behaviour = (_r, s) => { s.end('HTTP/1.1 200 OK\r\nContent-Le') }
const silent: Behaviour = () => {}
const status = (code: number, body: string): Behaviour => (_r, s) => { s.write(httpResponse(code, body)) }
const good = (name: string): Behaviour => (r, s) => { s.write(httpResponse(200, `${name} ${r.method} ${r.target} #${r.index}`)) }

/** A server that runs `script[i]` for its i-th request and `after` once the script is used up. */
async function server (script: readonly Behaviour[], after: Behaviour): Promise<Scripted> {
  return scriptedHttpServer((r, s) => { (script[r.index] ?? after)(r, s) })
}

function config (backendLines: string, servers: Record<string, number>, timeoutServer = '5s'): string {
  return `
defaults
  mode http
  timeout connect 200ms
  timeout client 5s
  timeout server ${timeoutServer}
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
${backendLines.split('\n').map(l => `  ${l.trim()}`).join('\n')}
${Object.entries(servers).map(([n, port]) => `  server ${n} 127.0.0.1:${port}`).join('\n')}
`
}

type Answer = { status: number; body: string; responses: number; text: string }

/** One request on its own client connection (Connection: close); status 0 when nothing came back. */
async function send (p: InProcess, method = 'GET', path = '/', body?: string): Promise<Answer> {
  const cl = body === undefined ? '' : `Content-Length: ${body.length}\r\n`
  const r = await rawRequest(p.port('fe'), `${method} ${path} HTTP/1.1\r\nHost: sy.test\r\n${cl}Connection: close\r\n\r\n${body ?? ''}`, { timeoutMs: 5000 })
  const all = splitResponses(r.text)
  const first = all[0]
  return { status: first?.status ?? 0, body: first?.body ?? '', responses: all.length, text: r.text }
}

function counters (p: InProcess, name: string): Server['counters'] {
  const s = p.dataplane.backends.get('be')?.byName.get(name)
  if (s === undefined) throw new Error(`no server ${name}`)
  return s.counters
}

test('empty-response: a GET the server closed on without answering goes again, on a new connection to the same server', async (t) => {
  const s1 = await server([empty, (_r, s) => { s.destroy() }], good('s1'))
  t.after(() => s1.close())
  const p = await startDataplane(config('retries 3\nretry-on empty-response', { s1: s1.port }))
  t.after(() => p.stop())
  const r = await send(p, 'GET', '/a')
  assert.equal(r.status, 200, r.text)
  assert.equal(r.body, 's1 GET /a #2')
  assert.equal(r.responses, 1)
  assert.deepEqual(s1.seen.map(x => `${x.method} ${x.target} conn${x.conn}`), ['GET /a conn1', 'GET /a conn2', 'GET /a conn3'])
  const c = counters(p, 's1')
  assert.equal(c.retries, 2)
  assert.equal(c.redispatches, 0)
  assert.equal(c.connects, 3)
  assert.equal(c.responseErrors, 0)
})

test('empty-response: when retries are exhausted the client gets 502', async (t) => {
  const s1 = await server([], empty)
  t.after(() => s1.close())
  const p = await startDataplane(config('retries 2\nretry-on empty-response', { s1: s1.port }))
  t.after(() => p.stop())
  const r = await send(p)
  assert.equal(r.status, 502, r.text)
  assert.equal(s1.requests(), 3, '1 attempt + 2 retries')
  const c = counters(p, 's1')
  assert.equal(c.retries, 2)
  assert.equal(c.responseErrors, 1)
})

test('default retry-on (conn-failure): an empty response is not retried, 502 after one request', async (t) => {
  const s1 = await server([empty], good('s1'))
  t.after(() => s1.close())
  const p = await startDataplane(config('retries 3', { s1: s1.port }))
  t.after(() => p.stop())
  const r = await send(p)
  assert.equal(r.status, 502, r.text)
  assert.equal(s1.requests(), 1)
  assert.equal(counters(p, 's1').retries, 0)
  assert.equal(counters(p, 's1').responseErrors, 1)
})

test('only replayable requests are retried: POST (with or without body) and GET with a body get 502 after one try, PUT without body is retried', async (t) => {
  // Every target fails the first time the server sees it and is answered afterwards.
  const firsts = new Set<string>()
  const s1 = await scriptedHttpServer((r, s) => {
    const key = `${r.method} ${r.target}`
    if (!firsts.has(key)) { firsts.add(key); s.end(); return }
    good('s1')(r, s)
  })
  t.after(() => s1.close())
  const p = await startDataplane(config('retries 3\nretry-on all-retryable-errors', { s1: s1.port }))
  t.after(() => p.stop())
  const times = (method: string, target: string): number => s1.seen.filter(x => x.method === method && x.target === target).length

  const post = await send(p, 'POST', '/post')
  assert.equal(post.status, 502, post.text)
  assert.equal(times('POST', '/post'), 1)

  const postBody = await send(p, 'POST', '/post-body', 'a=1')
  assert.equal(postBody.status, 502, postBody.text)
  assert.equal(times('POST', '/post-body'), 1)

  const getBody = await send(p, 'GET', '/get-body', 'abcd')
  assert.equal(getBody.status, 502, getBody.text)
  assert.equal(times('GET', '/get-body'), 1)

  const put = await send(p, 'PUT', '/put')
  assert.equal(put.status, 200, put.text)
  assert.match(put.body, /^s1 PUT \/put /)
  assert.equal(times('PUT', '/put'), 2)

  assert.equal(counters(p, 's1').retries, 1, 'only the PUT was retried')
})

test('junk-response: an invalid head or a head cut short is retried; empty-response alone does not cover it', async (t) => {
  const s1 = await server([junk, partialHead], good('s1'))
  t.after(() => s1.close())
  const p = await startDataplane(config('retries 3\nretry-on junk-response', { s1: s1.port }))
  t.after(() => p.stop())
  const r = await send(p, 'GET', '/j')
  assert.equal(r.status, 200, r.text)
  assert.equal(r.body, 's1 GET /j #2')
  assert.ok(!r.text.includes('garbage'), 'the junk never reaches the client')
  assert.equal(s1.requests(), 3)
  assert.equal(counters(p, 's1').retries, 2)

  const s2 = await server([], junk)
  t.after(() => s2.close())
  const q = await startDataplane(config('retries 3\nretry-on empty-response', { s2: s2.port }))
  t.after(() => q.stop())
  const r2 = await send(q)
  assert.equal(r2.status, 502, r2.text)
  assert.equal(s2.requests(), 1)
  assert.equal(counters(q, 's2').retries, 0)
})

test('junk-response: when retries are exhausted the client gets 502', async (t) => {
  const s1 = await server([], partialHead)
  t.after(() => s1.close())
  const p = await startDataplane(config('retries 1\nretry-on junk-response', { s1: s1.port }))
  t.after(() => p.stop())
  const r = await send(p)
  assert.equal(r.status, 502, r.text)
  assert.equal(s1.requests(), 2)
  assert.equal(counters(p, 's1').retries, 1)
  assert.equal(counters(p, 's1').responseErrors, 1)
})

test('response-timeout: a server silent past timeout server is asked again; exhausted gives 504; not listed gives 504 at once', async (t) => {
  const s1 = await server([silent], good('s1'))
  t.after(() => s1.close())
  const p = await startDataplane(config('retries 2\nretry-on response-timeout', { s1: s1.port }, '300ms'))
  t.after(() => p.stop())
  const r = await send(p, 'GET', '/t')
  assert.equal(r.status, 200, r.text)
  assert.equal(r.body, 's1 GET /t #1')
  assert.equal(s1.requests(), 2)
  assert.equal(counters(p, 's1').retries, 1)

  const s2 = await server([], silent)
  t.after(() => s2.close())
  const q = await startDataplane(config('retries 1\nretry-on response-timeout', { s2: s2.port }, '300ms'))
  t.after(() => q.stop())
  const r2 = await send(q)
  assert.equal(r2.status, 504, r2.text)
  assert.equal(s2.requests(), 2)
  assert.equal(counters(q, 's2').retries, 1)

  const s3 = await server([], silent)
  t.after(() => s3.close())
  const u = await startDataplane(config('retries 3\nretry-on empty-response junk-response', { s3: s3.port }, '300ms'))
  t.after(() => u.stop())
  const r3 = await send(u)
  assert.equal(r3.status, 504, r3.text)
  assert.equal(s3.requests(), 1)
  assert.equal(counters(u, 's3').retries, 0)
})

test('status: a listed status is discarded and retried; exhausted, the server\'s own last response goes out; other statuses pass', async (t) => {
  const s1 = await server([status(503, 'busy 0'), status(503, 'busy 1')], good('s1'))
  t.after(() => s1.close())
  const p = await startDataplane(config('retries 3\nretry-on 503', { s1: s1.port }))
  t.after(() => p.stop())
  const r = await send(p, 'GET', '/s')
  assert.equal(r.status, 200, r.text)
  assert.equal(r.body, 's1 GET /s #2')
  assert.equal(r.responses, 1, 'the 503s never reach the client')
  assert.ok(!r.text.includes('busy'))
  assert.equal(s1.requests(), 3)
  assert.equal(counters(p, 's1').retries, 2)

  let n = 0
  const s2 = await scriptedHttpServer((rq, s) => { status(503, `busy ${n++}`)(rq, s) })
  t.after(() => s2.close())
  const q = await startDataplane(config('retries 2\nretry-on 503', { s2: s2.port }))
  t.after(() => q.stop())
  const r2 = await send(q)
  assert.equal(r2.status, 503, r2.text)
  assert.equal(r2.body, 'busy 2', 'the last attempt\'s own response, not a proxy error page')
  assert.equal(r2.responses, 1)
  assert.equal(s2.requests(), 3)
  assert.equal(counters(q, 's2').retries, 2)
  assert.equal(counters(q, 's2').responseErrors, 0)

  const s3 = await server([status(500, 'oops')], good('s3'))
  t.after(() => s3.close())
  const u = await startDataplane(config('retries 3\nretry-on 503', { s3: s3.port }))
  t.after(() => u.stop())
  const r3 = await send(u)
  assert.equal(r3.status, 500, r3.text)
  assert.equal(r3.body, 'oops')
  assert.equal(s3.requests(), 1)
  assert.equal(counters(u, 's3').retries, 0)
})

test('all-retryable-errors: 500, 502, 504, empty and junk responses are all retried; 404 is not', async (t) => {
  const s1 = await scriptedHttpServer((r, s) => {
    if (r.target === '/missing') { status(404, 'not here')(r, s); return }
    const script = [status(500, 'e500'), status(502, 'e502'), empty, junk, status(504, 'e504')]
    const mine = s1.seen.filter(x => x.target === r.target).length - 1
    ;(script[mine] ?? good('s1'))(r, s)
  })
  t.after(() => s1.close())
  const p = await startDataplane(config('retries 5\nretry-on all-retryable-errors', { s1: s1.port }))
  t.after(() => p.stop())
  const r = await send(p, 'GET', '/mix')
  assert.equal(r.status, 200, r.text)
  assert.equal(r.body, 's1 GET /mix #5')
  assert.equal(r.responses, 1)
  assert.equal(counters(p, 's1').retries, 5)

  const m = await send(p, 'GET', '/missing')
  assert.equal(m.status, 404, m.text)
  assert.equal(m.body, 'not here')
  assert.equal(s1.seen.filter(x => x.target === '/missing').length, 1)
  assert.equal(counters(p, 's1').retries, 5)
})

test('option redispatch: by default only the last retry moves to another server (balance first)', async (t) => {
  async function run (lines: string): Promise<{ r: Answer; bad: Scripted; ok: Scripted; p: InProcess }> {
    const bad = await server([], empty)
    const ok = await server([], good('s2'))
    t.after(() => bad.close())
    t.after(() => ok.close())
    const p = await startDataplane(config(`balance first\nretry-on empty-response\n${lines}`, { s1: bad.port, s2: ok.port }))
    t.after(() => p.stop())
    return { r: await send(p, 'GET', '/rd'), bad, ok, p }
  }

  const one = await run('retries 1\noption redispatch')
  assert.equal(one.r.status, 200, one.r.text)
  assert.equal(one.r.body, 's2 GET /rd #0')
  assert.equal(one.bad.requests(), 1)
  assert.equal(one.ok.requests(), 1)
  assert.equal(counters(one.p, 's1').retries, 1)
  assert.equal(counters(one.p, 's1').redispatches, 1)

  const three = await run('retries 3\noption redispatch')
  assert.equal(three.r.status, 200, three.r.text)
  assert.equal(three.r.body, 's2 GET /rd #0')
  assert.equal(three.bad.requests(), 3, 'first try and retries 1 and 2 stay on s1')
  assert.equal(three.ok.requests(), 1)
  assert.equal(counters(three.p, 's1').retries, 3)
  assert.equal(counters(three.p, 's1').redispatches, 1)

  const last2 = await run('retries 3\noption redispatch -2')
  assert.equal(last2.r.status, 200, last2.r.text)
  assert.equal(last2.bad.requests(), 2, 'with -2 the second retry (one of the last two) already moves')
  assert.equal(last2.ok.requests(), 1)
  assert.equal(counters(last2.p, 's1').redispatches, 1)

  const every2 = await run('retries 3\noption redispatch 2')
  assert.equal(every2.r.status, 200, every2.r.text)
  assert.equal(every2.bad.requests(), 2, 'a positive interval P moves every Pth retry: the second one here')
  assert.equal(counters(every2.p, 's1').redispatches, 1)

  const none = await run('retries 3')
  assert.equal(none.r.status, 502, none.r.text)
  assert.equal(none.bad.requests(), 4)
  assert.equal(none.ok.requests(), 0)
  assert.equal(counters(none.p, 's1').redispatches, 0)
})

test('retry-on without conn-failure (none, or a status only) turns connection retries off', async (t) => {
  const dead = await freePort()
  for (const words of ['none', '503']) {
    const p = await startDataplane(config(`retries 3\nretry-on ${words}`, { s1: dead }))
    t.after(() => p.stop())
    const r = await send(p)
    assert.equal(r.status, 503, `retry-on ${words}: ${r.text}`)
    assert.equal(counters(p, 's1').connectErrors, 1, `retry-on ${words}`)
    assert.equal(counters(p, 's1').retries, 0, `retry-on ${words}`)
  }
  const p = await startDataplane(config('retries 1\nretry-on conn-failure 503', { s1: dead }))
  t.after(() => p.stop())
  const r = await send(p)
  assert.equal(r.status, 503, r.text)
  assert.equal(counters(p, 's1').connectErrors, 2, 'conn-failure listed: 1 attempt + 1 retry')
  assert.equal(counters(p, 's1').retries, 1)
})

test('nothing is retried once response bytes reached the client: a body cut short closes the client', async (t) => {
  const s1 = await server([(_r, s) => { s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial') }], good('s1'))
  t.after(() => s1.close())
  const p = await startDataplane(config('retries 3\nretry-on all-retryable-errors', { s1: s1.port }))
  t.after(() => p.stop())
  const r = await rawRequest(p.port('fe'), 'GET / HTTP/1.1\r\nHost: sy.test\r\nConnection: close\r\n\r\n', { timeoutMs: 5000 })
  assert.ok(r.closed)
  assert.match(r.text, /^HTTP\/1\.1 200 OK\r\n/)
  assert.ok(r.text.endsWith('\r\n\r\npartial'), r.text)
  assert.equal(s1.requests(), 1)
  assert.equal(counters(p, 's1').retries, 0)
  assert.equal(counters(p, 's1').responseErrors, 1)
})

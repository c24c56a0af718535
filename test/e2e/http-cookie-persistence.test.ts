/**
 * Cookie persistence (`cookie NAME insert|prefix|rewrite ...`): the exact
 * Set-Cookie and Cache-control lines the client gets, the exact Cookie header each
 * server gets, and which server answers. Two node:http servers that name
 * themselves, echo the Cookie header they received, and set headers on request.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { startDataplane, httpBackend, rawRequest, splitResponses, HTTP_DEFAULTS, type Backend } from '../harness/index.js'

/** Answers with its name; x-got-cookie echoes the Cookie header; x-set-cookie, x-cache-control and x-status shape the response. */
function cookieServer (name: string): Promise<Backend> {
  return httpBackend(name, (req: IncomingMessage, res: ServerResponse) => {
    const h: Record<string, string> = { 'x-got-cookie': req.headers.cookie ?? '-', 'content-length': String(name.length) }
    const set = req.headers['x-set-cookie']
    if (typeof set === 'string') h['set-cookie'] = set
    const cc = req.headers['x-cache-control']
    if (typeof cc === 'string') h['cache-control'] = cc
    res.writeHead(Number(req.headers['x-status'] ?? 200), h)
    res.end(name)
  })
}

async function setup (t: { after: (fn: () => unknown) => void }, cookieLine: string, serverOpts: [string, string] = ['', '']): Promise<(head: string) => Promise<{ status: number; headers: string[]; body: string }>> {
  const s1 = await cookieServer('s1')
  const s2 = await cookieServer('s2')
  t.after(async () => { await s1.close(); await s2.close() })
  const p = await startDataplane(`${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  ${cookieLine}
  server s1 127.0.0.1:${s1.port} cookie s1 ${serverOpts[0]}
  server s2 127.0.0.1:${s2.port} cookie s2 ${serverOpts[1]}
`)
  t.after(() => p.stop())
  return async (head: string) => {
    const r = await rawRequest(p.port('fe'), `${head}\r\nConnection: close\r\n\r\n`)
    const [res] = splitResponses(r.text)
    assert.ok(res !== undefined, `no response in ${JSON.stringify(r.text)}`)
    // Header lines as sent, for exact comparisons.
    const lines = r.text.slice(0, r.text.indexOf('\r\n\r\n')).split('\r\n').slice(1)
    return { status: res.status, headers: lines, body: res.body }
  }
}

const cookieLines = (headers: string[]): string[] => headers.filter(h => /^(set-cookie|cache-control|x-got-cookie):/i.test(h))

test('insert indirect nocache: Set-Cookie on the first response, the cookie stripped for the server', async (t) => {
  const send = await setup(t, 'cookie SERVERID insert indirect nocache')
  const first = await send('GET / HTTP/1.1\r\nHost: x')
  assert.equal(first.body, 's1')
  assert.deepEqual(cookieLines(first.headers), ['x-got-cookie: -', 'Set-Cookie: SERVERID=s1; path=/'], 'a response without freshness information is not cacheable: no Cache-control')
  const twice = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: SERVERID=zz; SERVERID=s2')
  assert.equal(twice.body, 's2', 'the first value naming a server wins')
  const back = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: a=1; SERVERID=s2; b=2')
  assert.equal(back.body, 's2', 'the cookie picks s2')
  assert.deepEqual(cookieLines(back.headers), ['x-got-cookie: a=1; b=2'], 'no Set-Cookie for a client that has the right one; SERVERID never reaches the server')
  const only = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: SERVERID=s1')
  assert.equal(only.body, 's1')
  assert.deepEqual(cookieLines(only.headers), ['x-got-cookie: -'], 'a Cookie header left empty is removed')
})

test('nocache: Cache-control: private exactly when HAProxy 2.6 deems the response cacheable', async (t) => {
  const send = await setup(t, 'cookie SERVERID insert indirect nocache')
  const priv = async (head: string): Promise<boolean> => {
    const r = await send(`${head}\r\nHost: x\r\nContent-Length: 0`)
    assert.ok(r.headers.some(h => h.startsWith('Set-Cookie: SERVERID=')), `${head}: the cookie is inserted`)
    return r.headers.includes('Cache-control: private')
  }
  assert.equal(await priv('GET / HTTP/1.1\r\nx-cache-control: max-age=60'), true)
  assert.equal(await priv('HEAD / HTTP/1.1\r\nx-cache-control: max-age=60'), true)
  assert.equal(await priv('GET / HTTP/1.1\r\nx-status: 404\r\nx-cache-control: s-maxage=60'), true)
  assert.equal(await priv('GET / HTTP/1.1\r\nAuthorization: Basic eDp5\r\nx-cache-control: max-age=60'), true, 'request headers do not matter')
  assert.equal(await priv('GET / HTTP/1.1\r\nx-cache-control: no-cache="set-cookie", max-age=60'), true)
  assert.equal(await priv('GET / HTTP/1.1'), false, 'no freshness information')
  assert.equal(await priv('GET / HTTP/1.1\r\nx-cache-control: public'), false, 'public alone is not enough')
  assert.equal(await priv('POST / HTTP/1.1\r\nx-cache-control: max-age=60'), false)
  assert.equal(await priv('GET / HTTP/1.1\r\nx-status: 302\r\nx-cache-control: max-age=60'), false)
  assert.equal(await priv('GET / HTTP/1.1\r\nx-status: 500\r\nx-cache-control: max-age=60'), false)
  assert.equal(await priv('GET / HTTP/1.1\r\nx-cache-control: max-age=60, private'), false)
  assert.equal(await priv('GET / HTTP/1.1\r\nx-cache-control: max-age=0'), false)
  assert.equal(await priv('GET / HTTP/1.1\r\nx-cache-control: no-store'), false)
  const valid = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: SERVERID=s1\r\nx-cache-control: max-age=60')
  assert.equal(valid.headers.some(h => /^(Set-Cookie|Cache-control): /.test(h)), false, 'no insert, so no private')
})

test('100 requests with one cookie jar all reach one server', async (t) => {
  const send = await setup(t, 'cookie SERVERID insert indirect nocache')
  const first = await send('GET / HTTP/1.1\r\nHost: x')
  const set = first.headers.find(h => h.startsWith('Set-Cookie: '))
  assert.ok(set !== undefined)
  const jar = (set.slice('Set-Cookie: '.length).split(';')[0]) as string
  const seen = new Set<string>()
  for (let i = 0; i < 100; i++) seen.add((await send(`GET /page/${i} HTTP/1.1\r\nHost: x\r\nCookie: ${jar}`)).body)
  assert.deepEqual([...seen], [first.body])
})

test('a cookie naming a disabled server is ignored: another server answers and sets its cookie', async (t) => {
  const send = await setup(t, 'cookie SERVERID insert indirect', ['disabled', ''])
  const r = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: SERVERID=s1')
  assert.equal(r.body, 's2')
  assert.ok(r.headers.includes('Set-Cookie: SERVERID=s2; path=/'))
  const unknown = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: SERVERID=zz')
  assert.equal(unknown.body, 's2')
})

test('insert with httponly, secure, domain and attr: the attributes in HAProxy order', async (t) => {
  const send = await setup(t, 'cookie SERVERID insert httponly secure domain .example.com attr SameSite=Lax')
  const r = await send('GET / HTTP/1.1\r\nHost: x')
  assert.ok(r.headers.includes('Set-Cookie: SERVERID=s1; path=/; domain=.example.com; HttpOnly; Secure; SameSite=Lax'), r.headers.join('\n'))
  assert.equal(r.headers.some(h => /^cache-control/i.test(h)), false, 'no nocache, no Cache-control')
})

test('postonly: the cookie is inserted on POST responses only', async (t) => {
  const send = await setup(t, 'cookie SERVERID insert postonly')
  const get = await send('GET / HTTP/1.1\r\nHost: x')
  assert.equal(get.headers.some(h => h.startsWith('Set-Cookie')), false)
  const post = await send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0')
  assert.ok(post.headers.some(h => h.startsWith('Set-Cookie: SERVERID=')))
})

test('prefix: the server cookie gets the server prefix for the client and loses it for the server', async (t) => {
  const send = await setup(t, 'cookie JSESSIONID prefix')
  const first = await send('GET / HTTP/1.1\r\nHost: x\r\nx-set-cookie: JSESSIONID=abc; Path=/')
  assert.ok(first.headers.includes(`set-cookie: JSESSIONID=${first.body}~abc; Path=/`), first.headers.join('\n'))
  const back = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: x=1; JSESSIONID=s2~abc')
  assert.equal(back.body, 's2')
  assert.ok(back.headers.includes('x-got-cookie: x=1; JSESSIONID=abc'), back.headers.join('\n'))
  const bare = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: JSESSIONID=s2')
  assert.equal(bare.body, 's2', 'a value without ~ names the server by itself')
  assert.ok(bare.headers.includes('x-got-cookie: JSESSIONID=s2'))
  const again = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: JSESSIONID=s2~abc\r\nx-set-cookie: JSESSIONID=def; Path=/')
  assert.ok(again.headers.includes('set-cookie: JSESSIONID=s2~def; Path=/'), 'without indirect the new session id is prefixed too')
})

test('prefix indirect: a client with a valid cookie does not get the server\'s new one', async (t) => {
  const send = await setup(t, 'cookie JSESSIONID prefix indirect')
  const r = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: JSESSIONID=s2~abc\r\nx-set-cookie: JSESSIONID=def; Path=/')
  assert.equal(r.body, 's2')
  assert.equal(r.headers.some(h => /^set-cookie/i.test(h)), false)
  const fresh = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: JSESSIONID=zz~abc\r\nx-set-cookie: JSESSIONID=def; Path=/')
  assert.ok(fresh.headers.includes(`set-cookie: JSESSIONID=${fresh.body}~def; Path=/`))
})

test('rewrite: the value of the server\'s own cookie becomes the server\'s cookie value', async (t) => {
  const send = await setup(t, 'cookie SERVERID rewrite')
  const r = await send('GET / HTTP/1.1\r\nHost: x\r\nx-set-cookie: SERVERID=whatever; Path=/')
  assert.ok(r.headers.includes(`set-cookie: SERVERID=${r.body}; Path=/`), r.headers.join('\n'))
  const back = await send('GET / HTTP/1.1\r\nHost: x\r\nCookie: SERVERID=s2')
  assert.equal(back.body, 's2')
  assert.ok(back.headers.includes('x-got-cookie: SERVERID=s2'), 'rewrite does not strip the cookie')
})

test('insert removes the server\'s own cookie of that name; preserve keeps it and inserts nothing', async (t) => {
  const plain = await setup(t, 'cookie SERVERID insert')
  const r = await plain('GET / HTTP/1.1\r\nHost: x\r\nx-set-cookie: SERVERID=custom')
  assert.deepEqual(r.headers.filter(h => /^set-cookie/i.test(h)), [`Set-Cookie: SERVERID=${r.body}; path=/`])
  const kept = await setup(t, 'cookie SERVERID insert preserve')
  const k = await kept('GET / HTTP/1.1\r\nHost: x\r\nx-set-cookie: SERVERID=custom')
  assert.deepEqual(k.headers.filter(h => /^set-cookie/i.test(h)), ['set-cookie: SERVERID=custom'])
})

test('use-server picks a server by condition before the cookie; ignore-persist makes the cookie not count', async (t) => {
  const send = await setup(t, 'cookie SERVERID insert indirect\n  use-server s2 if { path_beg /reports }\n  ignore-persist if { path_end .png }')
  const body = async (path: string, cookie: string): Promise<string> => (await send(`GET ${path} HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}`)).body
  assert.equal(await body('/reports/q3', 'SERVERID=s1'), 's2', 'use-server wins over the cookie')
  assert.equal(await body('/cart', 'SERVERID=s1'), 's1', 'the cookie otherwise')
  const pngs = new Set<string>()
  for (let i = 0; i < 4; i++) pngs.add(await body(`/img/${i}.png`, 'SERVERID=s1'))
  assert.deepEqual([...pngs].sort(), ['s1', 's2'], 'ignore-persist: round robin despite the cookie')
})

test('option persist and force-persist: a cookie naming a disabled server still goes there', async (t) => {
  const persist = await setup(t, 'option persist\n  cookie SERVERID insert indirect', ['disabled', ''])
  const r = await persist('GET / HTTP/1.1\r\nHost: x\r\nCookie: SERVERID=s1')
  assert.equal(r.body, 's1', 'option persist: the disabled s1 answers')
  assert.equal(r.headers.some(h => h.startsWith('Set-Cookie')), false, 'the client already has the right cookie')
  assert.equal((await persist('GET / HTTP/1.1\r\nHost: x')).body, 's2', 'without a cookie, only usable servers')
  const forced = await setup(t, 'cookie SERVERID insert indirect\n  force-persist if { hdr(x-admin) 1 }', ['disabled', ''])
  assert.equal((await forced('GET / HTTP/1.1\r\nHost: x\r\nCookie: SERVERID=s1\r\nx-admin: 1')).body, 's1')
  assert.equal((await forced('GET / HTTP/1.1\r\nHost: x\r\nCookie: SERVERID=s1')).body, 's2', 'the condition does not hold: ignored cookie')
})

/**
 * `http-request` and `http-response` rules with real node:http servers: each action
 * family once (deny, allow, return, redirect, header edits, path and URI edits,
 * set-method, set-status), frontend rules before use_backend, backend rules after,
 * and the seed's /static strip on the web tier.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { startDataplane, httpBackend, rawRequest, HTTP_DEFAULTS, type InProcess } from '../harness/index.js'

/** Echoes what it received: method, URL and headers (raw, in order) as JSON. */
function echo (name: string): ReturnType<typeof httpBackend> {
  return httpBackend(name, (req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify({ name, method: req.method, url: req.url, headers: req.rawHeaders })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-powered-by': 'node', 'x-internal': 'secret' })
    res.end(body)
  })
}

type Seen = { name: string; method: string; url: string; headers: string[] }

async function start (t: { after: (fn: () => unknown) => void }, frontendLines: string, backendLines = ''): Promise<{ p: InProcess; get: (path: string, init?: RequestInit) => Promise<Response> }> {
  const web = await echo('web')
  const app = await echo('app')
  t.after(async () => { await web.close(); await app.close() })
  const p = await startDataplane(`${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
${frontendLines}
  default_backend be_app
backend be_web
${backendLines}
  server web 127.0.0.1:${web.port}
backend be_app
  server app 127.0.0.1:${app.port}
`)
  t.after(() => p.stop())
  return { p, get: (path, init = {}) => fetch(`http://127.0.0.1:${p.port('fe')}${path}`, { redirect: 'manual', ...init }) }
}

const header = (s: Seen, name: string): string[] => {
  const out: string[] = []
  for (let i = 0; i < s.headers.length; i += 2) if ((s.headers[i] as string).toLowerCase() === name) out.push(s.headers[i + 1] as string)
  return out
}

test('deny answers 403 (or deny_status); allow ends the list', async (t) => {
  const { get } = await start(t, `
  http-request allow if { hdr(x-vip) yes }
  http-request deny if { path_beg /admin }
  http-request deny deny_status 429 if { path_beg /busy }`)
  const denied = await get('/admin/x')
  assert.equal(denied.status, 403)
  assert.match(await denied.text(), /403 Forbidden/)
  assert.equal((await get('/busy')).status, 429)
  const vip = await get('/admin/x', { headers: { 'x-vip': 'yes' } })
  assert.equal(vip.status, 200, 'allow stops before the deny')
  assert.equal(((await vip.json()) as Seen).url, '/admin/x')
})

test('return sends the proxy\'s own answer with its content type, body and headers', async (t) => {
  const { get } = await start(t, `
  http-request return status 200 content-type text/plain string "ok from the proxy" hdr x-by switchyard if { path /health }`)
  const r = await get('/health')
  assert.equal(r.status, 200)
  assert.equal(r.headers.get('content-type'), 'text/plain')
  assert.equal(r.headers.get('x-by'), 'switchyard')
  assert.equal(await r.text(), 'ok from the proxy')
})

test('redirect location, prefix (query kept) and scheme, with their codes', async (t) => {
  const { p } = await start(t, `
  http-request redirect location /new code 301 if { path /old }
  http-request redirect prefix https://static.example.com code 308 if { path_beg /assets }
  http-request redirect scheme https if { path_beg /secure }`)
  const raw = async (path: string): Promise<string> => (await rawRequest(p.port('fe'), `GET ${path} HTTP/1.1\r\nHost: shop.example.com\r\n\r\n`)).text
  const loc = await raw('/old')
  assert.match(loc, /^HTTP\/1\.1 301 Moved Permanently\r\n/)
  assert.match(loc, /\r\nlocation: \/new\r\n/)
  assert.match(await raw('/assets/a.css?v=2'), /\r\nlocation: https:\/\/static\.example\.com\/assets\/a\.css\?v=2\r\n/)
  const scheme = await raw('/secure/login')
  assert.match(scheme, /^HTTP\/1\.1 302 Found\r\n/)
  assert.match(scheme, /\r\nlocation: https:\/\/shop\.example\.com\/secure\/login\r\n/)
})

test('header edits: set-header with a sample, add-header, del-header, replace-header, replace-value', async (t) => {
  const { get } = await start(t, `
  http-request set-header X-Client-IP %[src]
  http-request set-header X-Path "%[path,upper] via %f"
  http-request add-header X-Tag one
  http-request add-header X-Tag two
  http-request del-header X-Secret
  http-request replace-header User-Agent (.*)/(.*) \\2-\\1
  http-request replace-value X-List ^b$ B`)
  const r = await get('/some/path', { headers: { 'x-secret': 's3cr3t', 'user-agent': 'curl/8', 'x-list': 'a, b, c' } })
  const seen = (await r.json()) as Seen
  assert.deepEqual(header(seen, 'x-client-ip'), ['127.0.0.1'])
  assert.deepEqual(header(seen, 'x-path'), ['/SOME/PATH via fe'])
  assert.deepEqual(header(seen, 'x-tag'), ['one', 'two'])
  assert.deepEqual(header(seen, 'x-secret'), [])
  assert.deepEqual(header(seen, 'user-agent'), ['8-curl'])
  assert.deepEqual(header(seen, 'x-list'), ['a, B, c'])
})

test('path and URI edits: set-path keeps the query, set-query, set-method; frontend rules run before use_backend', async (t) => {
  const { get } = await start(t, `
  acl api path_beg /v1
  http-request set-path /v1%[path] if { path_beg /api }
  http-request set-query lang=fr if { path_beg /fr }
  http-request set-method PUT if { hdr(x-put) 1 }
  use_backend be_web if api`)
  const moved = (await (await get('/api/users?x=1')).json()) as Seen
  assert.equal(moved.name, 'web', 'use_backend saw the rewritten path')
  assert.equal(moved.url, '/v1/api/users?x=1')
  assert.equal(((await (await get('/fr/page?old=1')).json()) as Seen).url, '/fr/page?lang=fr')
  assert.equal(((await (await get('/x', { headers: { 'x-put': '1' } })).json()) as Seen).method, 'PUT')
})

test('the seed\'s /static strip: routed by path_beg /static, the web tier gets the path without it', async (t) => {
  const { get } = await start(t, `
  acl static path_beg /static
  use_backend be_web if static`, `
  http-request replace-path /static(/.*) \\1`)
  const seen = (await (await get('/static/css/site.css?v=3')).json()) as Seen
  assert.equal(seen.name, 'web')
  assert.equal(seen.url, '/css/site.css?v=3')
  const other = (await (await get('/account')).json()) as Seen
  assert.deepEqual([other.name, other.url], ['app', '/account'])
})

test('http-response: set-header, del-header, set-status; deny gives 502', async (t) => {
  const { get } = await start(t, `
  http-response del-header X-Powered-By
  http-response set-header X-Frame-Options DENY
  http-response replace-header X-Internal .* hidden
  http-response set-status 299 reason Fine if { path /odd }
  http-response deny if { path /forbidden-response }`)
  const r = await get('/x')
  assert.equal(r.status, 200)
  assert.equal(r.headers.get('x-powered-by'), null)
  assert.equal(r.headers.get('x-frame-options'), 'DENY')
  assert.equal(r.headers.get('x-internal'), 'hidden')
  const odd = await get('/odd')
  assert.equal(odd.status, 299)
  assert.equal(odd.statusText, 'Fine')
  assert.equal((await get('/forbidden-response')).status, 502)
})

test('the redirect keyword: options in any order, a plain target, run after the http-request rules', async (t) => {
  const { p } = await start(t, `
  http-request set-header X-Seen 1
  redirect code 301 location /moved%20here if { path /old }
  redirect prefix /v2 drop-query if { path_beg /api }
  http-request deny if { path /old }`)
  const raw = async (path: string): Promise<string> => (await rawRequest(p.port('fe'), `GET ${path} HTTP/1.1\r\nHost: h\r\n\r\n`)).text
  const moved = await raw('/old')
  assert.match(moved, /^HTTP\/1\.1 403 /, 'http-request rules come first: the deny wins')
  const api = await raw('/api/users?x=1')
  assert.match(api, /^HTTP\/1\.1 302 Found\r\n/)
  assert.match(api, /\r\nlocation: \/v2\/api\/users\r\n/, 'drop-query')
})

test('the redirect keyword alone: the literal target, % and all', async (t) => {
  const { p } = await start(t, `
  redirect code 301 location /moved%20here if { path /old }`)
  const r = await rawRequest(p.port('fe'), 'GET /old HTTP/1.1\r\nHost: h\r\n\r\n')
  assert.match(r.text, /^HTTP\/1\.1 301 Moved Permanently\r\n/)
  assert.match(r.text, /\r\nlocation: \/moved%20here\r\n/)
})

test('return and redirect keep the connection, byte for byte as HAProxy 2.6 sends them', async (t) => {
  const { p } = await start(t, `
  http-request return status 200 content-type text/plain string "ok from the proxy" hdr x-by switchyard if { path /health }
  http-request redirect location /new code 301 if { path /old }`)
  // Three requests in one write: two answered by the proxy, the last forwarded.
  const r = await rawRequest(p.port('fe'), 'GET /health HTTP/1.1\r\nHost: h\r\n\r\nGET /old HTTP/1.1\r\nHost: h\r\n\r\nGET /app HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n')
  assert.ok(r.text.startsWith(
    'HTTP/1.1 200 OK\r\nx-by: switchyard\r\ncontent-length: 17\r\ncontent-type: text/plain\r\n\r\nok from the proxy' +
    'HTTP/1.1 301 Moved Permanently\r\ncontent-length: 0\r\nlocation: /new\r\n\r\n' +
    'HTTP/1.1 200 OK\r\n'), r.text)
  assert.match(r.text, /"url":"\/app"/)
})

test('tarpit: the answer (500, or deny_status) comes only after timeout tarpit', async (t) => {
  const { p } = await start(t, `
  timeout tarpit 400ms
  http-request tarpit if { path /slow }
  http-request tarpit deny_status 429 if { path /slower }`)
  const t0 = Date.now()
  const r = await rawRequest(p.port('fe'), 'GET /slow HTTP/1.1\r\nHost: h\r\n\r\n')
  const waited = Date.now() - t0
  assert.match(r.text, /^HTTP\/1\.1 500 /)
  assert.ok(waited >= 350, `answered after ${waited} ms, not before the tarpit timeout`)
  assert.match((await rawRequest(p.port('fe'), 'GET /slower HTTP/1.1\r\nHost: h\r\n\r\n')).text, /^HTTP\/1\.1 429 /)
})

test('early-hint sends a 103 with its headers before the response', async (t) => {
  const { p } = await start(t, `
  http-request early-hint Link "</style.css>; rel=preload; as=style" if { path / }`)
  const r = await rawRequest(p.port('fe'), 'GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n')
  assert.ok(r.text.startsWith('HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\nHTTP/1.1 200 OK\r\n'), r.text)
})

test('disable-l7-retry: a request it matches is not retried on a retry-on status', async (t) => {
  const seen = new Map<string, number>()
  const be = await httpBackend('flaky', (req: IncomingMessage, res: ServerResponse) => {
    const n = (seen.get(req.url ?? '') ?? 0) + 1
    seen.set(req.url ?? '', n)
    res.writeHead(n === 1 ? 503 : 200, { 'content-length': 2 })
    res.end('ok')
  })
  t.after(() => be.close())
  const p = await startDataplane(`${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
  http-request disable-l7-retry if { path /once }
  default_backend be
backend be
  retries 2
  retry-on 503
  server s 127.0.0.1:${be.port}
`)
  t.after(() => p.stop())
  const base = `http://127.0.0.1:${p.port('fe')}`
  assert.equal((await fetch(`${base}/again`)).status, 200, 'retried after the 503')
  assert.equal((await fetch(`${base}/once`)).status, 503, 'not retried')
  assert.equal(seen.get('/once'), 1)
})

/**
 * Backend switching with ACLs: `use_backend NAME if|unless COND` rules are tried in
 * order, the first that holds wins, `default_backend` takes the rest. Named ACLs
 * (several lines with one name are ORed), anonymous ACLs, negation, `||`, header
 * and path matching; real node:http backends and fetch() as the client.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDataplane, httpBackend, rawRequest, HTTP_DEFAULTS } from '../harness/index.js'

test('use_backend routes by path, header and method; the default takes the rest', async (t) => {
  const web = await httpBackend('web')
  const api = await httpBackend('api')
  const admin = await httpBackend('admin')
  const app = await httpBackend('app')
  t.after(async () => { await Promise.all([web.close(), api.close(), admin.close(), app.close()]) })
  const p = await startDataplane(`${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
  acl static path_beg /static /images
  acl static path_end .css .js
  acl is_api hdr(host) -i api.example.com
  acl is_api path_beg /api/
  acl from_admin_net src 10.0.0.0/8
  use_backend be_admin if { path_beg /admin } !from_admin_net METH_GET
  use_backend be_web if static
  use_backend be_api if is_api || { hdr(x-api) -m found }
  default_backend be_app

backend be_web
  server web 127.0.0.1:${web.port}
backend be_api
  server api 127.0.0.1:${api.port}
backend be_admin
  server admin 127.0.0.1:${admin.port}
backend be_app
  server app 127.0.0.1:${app.port}
`)
  t.after(() => p.stop())
  const base = `http://127.0.0.1:${p.port('fe')}`
  const who = async (path: string, init: RequestInit = {}): Promise<string> => {
    const r = await fetch(base + path, init)
    assert.equal(r.status, 200)
    return (await r.text()).split(' ')[0] as string
  }
  assert.equal(await who('/static/app.js'), 'web')
  assert.equal(await who('/images/a.png'), 'web')
  assert.equal(await who('/css/site.css'), 'web', 'the second "static" line')
  assert.equal(await who('/api/users'), 'api')
  // fetch() sets Host itself: a raw request carries the one under test.
  const byHost = await rawRequest(p.port('fe'), 'GET /users HTTP/1.1\r\nHost: API.example.com\r\nConnection: close\r\n\r\n')
  assert.match(byHost.text, /\r\n\r\napi GET \/users$/, 'hdr(host) -i')
  assert.equal(await who('/users', { headers: { 'x-api': '1' } }), 'api', 'anonymous ACL after ||')
  assert.equal(await who('/admin/panel'), 'admin', 'the client is not in 10/8 and the method is GET')
  assert.equal(await who('/admin/panel', { method: 'POST', body: 'x' }), 'app', 'METH_GET fails for POST')
  assert.equal(await who('/'), 'app')
  assert.equal(await who('/users'), 'app')
})

test('use_backend ... unless, and a frontend with no default: 503 when no rule matches', async (t) => {
  const a = await httpBackend('a')
  t.after(() => a.close())
  const p = await startDataplane(`${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
  acl private path_beg /private
  use_backend be_a unless private

backend be_a
  server a 127.0.0.1:${a.port}
`)
  t.after(() => p.stop())
  const base = `http://127.0.0.1:${p.port('fe')}`
  const ok = await fetch(`${base}/public`)
  assert.equal(ok.status, 200)
  assert.equal(await ok.text(), 'a GET /public')
  const none = await fetch(`${base}/private/x`)
  assert.equal(none.status, 503)
  assert.equal(a.requests(), 1)
})

test('layer-4 and proxy fetches in conditions: req.ver, dst_port, src, fe_name', async (t) => {
  const a = await httpBackend('a')
  t.after(() => a.close())
  const p = await startDataplane(`${HTTP_DEFAULTS}frontend fe
  bind 127.0.0.1:0
  use_backend be_a if { req.ver 1.1 } { dst_port gt 0 } { src 127.0.0.1 } { fe_name fe }
backend be_a
  server a 127.0.0.1:${a.port}
`)
  t.after(() => p.stop())
  const r = await fetch(`http://127.0.0.1:${p.port('fe')}/x`)
  assert.equal(r.status, 200, 'every layer-4 and proxy fetch matched')
})

test('use_backend with a dynamic name from a map: the Host picks the backend, an unknown name falls through', async (t) => {
  const shop = await httpBackend('shop')
  const api = await httpBackend('api')
  const dflt = await httpBackend('default')
  t.after(async () => { await Promise.all([shop.close(), api.close(), dflt.close()]) })
  const dir = mkdtempSync(join(tmpdir(), 'sy-map-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const map = join(dir, 'hosts.map')
  writeFileSync(map, 'shop.example.com be_shop\napi.example.com be_api\nold.example.com be_gone\n')
  const p = await startDataplane(`${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
  use_backend %[req.hdr(host),lower,map(${map})]
  default_backend be_default
backend be_shop
  server shop 127.0.0.1:${shop.port}
backend be_api
  server api 127.0.0.1:${api.port}
backend be_default
  server d 127.0.0.1:${dflt.port}
`)
  t.after(() => p.stop())
  const via = async (host: string): Promise<string> => {
    const r = await rawRequest(p.port('fe'), `GET /x HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)
    return r.text.slice(r.text.indexOf('\r\n\r\n') + 4).split(' ')[0] as string
  }
  assert.equal(await via('SHOP.example.com'), 'shop')
  assert.equal(await via('api.example.com'), 'api')
  assert.equal(await via('old.example.com'), 'default', 'a name that is no backend: the rule is skipped')
  assert.equal(await via('unknown.example.com'), 'default', 'no map entry: no name, the rule is skipped')
})

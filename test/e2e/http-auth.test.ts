/**
 * HTTP basic authentication with a userlist: `http-request auth` answers HAProxy's
 * 401 page with the realm (byte for byte as haproxy 2.6.12 sends it, connection kept),
 * http_auth() checks the credentials, http_auth_group() the user's groups.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startDataplane, httpBackend, rawRequest, HTTP_DEFAULTS } from '../harness/index.js'

const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`

test('http-request auth unless http_auth(L1); http_auth_group for the admin area', async (t) => {
  const be = await httpBackend('app')
  t.after(() => be.close())
  const p = await startDataplane(`
userlist L1
  group admins
  group ops users bob
  user alice insecure-password secret groups admins
  user bob insecure-password pw
${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
  acl ok http_auth(L1)
  acl admin http_auth_group(L1) admins
  http-request auth realm Private unless ok
  http-request deny if { path /admin } !admin
  default_backend be
backend be
  server app 127.0.0.1:${be.port}
`)
  t.after(() => p.stop())
  const port = p.port('fe')
  const challenge = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n')
  const page = 'HTTP/1.1 401 Unauthorized\r\ncontent-length: 112\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n' +
    'www-authenticate: Basic realm="Private"\r\n\r\n<html><body><h1>401 Unauthorized</h1>\nYou need a valid user and password to access this content.\n</body></html>\n'
  assert.ok(challenge.text.startsWith(page + 'HTTP/1.1 401 '), challenge.text)
  const get = async (path: string, auth: string): Promise<number> => (await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: auth } })).status
  assert.equal(await get('/admin', basic('alice', 'secret')), 200)
  assert.equal(await get('/admin', basic('bob', 'pw')), 403, 'bob is in ops, not admins')
  assert.equal(await get('/x', basic('bob', 'pw')), 200)
  assert.equal(await get('/x', basic('bob', 'bad')), 401)
  assert.equal(be.requests(), 2)
})

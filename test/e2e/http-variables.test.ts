/**
 * Variables: `http-request set-var(txn.x) <expr>`, `set-var-fmt`, `unset-var`, read
 * back with `var()` in later rules, in ACLs and in http-response rules; `sess.*`
 * outlives a request on a keep-alive connection, `txn.*` does not.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { startDataplane, httpBackend, HTTP_DEFAULTS } from '../harness/index.js'

test('set-var, set-var-fmt, unset-var and var() across request and response rules and scopes', async (t) => {
  const be = await httpBackend('app')
  t.after(() => be.close())
  const p = await startDataplane(`${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
  http-request set-var(txn.host) req.hdr(host),lower
  http-request set-var(sess.first) path if !{ var(sess.first) -m found }
  http-request set-var-fmt(txn.tag) "%[var(txn.host)]:%[path]"
  http-request set-var(txn.drop) str(yes)
  http-request unset-var(txn.drop)
  http-response set-header X-Host %[var(txn.host)]
  http-response set-header X-Tag %[var(txn.tag)]
  http-response set-header X-First %[var(sess.first)]
  http-response set-header X-Drop %[var(txn.drop,none)]
  default_backend be
backend be
  server app 127.0.0.1:${be.port}
`)
  t.after(() => p.stop())
  // Two requests on one keep-alive connection: sess.first stays, txn.* start over.
  const answers = await new Promise<string>((resolve, reject) => {
    const s = connect({ port: p.port('fe'), host: '127.0.0.1' }, () => {
      s.write('GET /one HTTP/1.1\r\nHost: WWW.Example.com\r\n\r\n')
      setTimeout(() => s.write('GET /two HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n'), 100)
    })
    let text = ''
    s.on('data', (d: Buffer) => { text += d.toString() })
    s.on('close', () => resolve(text))
    s.on('error', reject)
  })
  const heads = answers.split(/(?=HTTP\/1\.1 )/)
  assert.equal(heads.length, 2, answers)
  assert.match(heads[0] as string, /\r\nX-Host: www\.example\.com\r\n/)
  assert.match(heads[0] as string, /\r\nX-Tag: www\.example\.com:\/one\r\n/)
  assert.match(heads[0] as string, /\r\nX-First: \/one\r\n/)
  assert.match(heads[0] as string, /\r\nX-Drop: none\r\n/, 'unset-var removed it')
  assert.match(heads[1] as string, /\r\nX-Host: shop\.example\.com\r\n/)
  assert.match(heads[1] as string, /\r\nX-First: \/one\r\n/, 'sess.* lives as long as the connection')
})

test('a variable in an ACL: deny by a value set from a header', async (t) => {
  const be = await httpBackend('app')
  t.after(() => be.close())
  const p = await startDataplane(`${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
  http-request set-var(txn.role) req.hdr(x-role),lower
  http-request deny deny_status 429 if { var(txn.role) -m beg guest }
  default_backend be
backend be
  server app 127.0.0.1:${be.port}
`)
  t.after(() => p.stop())
  const base = `http://127.0.0.1:${p.port('fe')}/`
  assert.equal((await fetch(base, { headers: { 'x-role': 'GUEST-42' } })).status, 429)
  assert.equal((await fetch(base, { headers: { 'x-role': 'admin' } })).status, 200)
})

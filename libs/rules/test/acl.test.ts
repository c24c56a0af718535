/**
 * ACLs and conditions (libs/rules): fetches, match methods, flags, suffixed ACL
 * keywords, named and anonymous ACLs, `!`, `||`, and the predefined ACLs, against
 * a plain StreamView.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StreamView } from '@switchyard/types'
import { compileAcl, compileAclTable, compileCondition, compileExpr } from '../src/index.js'

function view (target: string, headers: string[] = [], extra: Partial<StreamView> = {}): StreamView {
  return {
    src: '10.1.2.3', srcPort: 40000, dst: '127.0.0.1', dstPort: 8080, frontend: 'fe', backend: undefined,
    request: { method: 'GET', target, version: '1.1', headers },
    response: undefined,
    ...extra,
  }
}

function acl (words: string, s: StreamView): boolean {
  const a = compileAcl(words.split(' '))
  assert.ok(a.ok, a.ok ? '' : a.reason)
  return a.value.eval(s)
}

test('path fetches: path, pathq, query, url, base, urlp', () => {
  const s = view('/static/app.js?v=3&x=y', ['Host', 'example.com'])
  const get = (e: string, on = s): unknown => { const x = compileExpr(e); assert.ok(x.ok); return x.value.eval(on) }
  assert.equal(get('pathq'), '/static/app.js?v=3&x=y')
  assert.equal(get('query'), 'v=3&x=y')
  assert.equal(get('url'), '/static/app.js?v=3&x=y')
  assert.equal(get('base'), 'example.com/static/app.js')
  assert.equal(get('urlp(x)'), 'y')
  assert.equal(get('urlp(nope)'), undefined)
  assert.equal(get('path'), '/static/app.js')
  assert.equal(get('path', view('http://h.example/a/b?q')), '/a/b', 'absolute form')
})

test('suffixed ACL keywords: path_beg, path_end, path_sub, path_reg, path_dir, path_dom, path_len', () => {
  const s = view('/static/img/logo.png')
  assert.equal(acl('path_beg /static', s), true)
  assert.equal(acl('path_beg /api /v2', s), false)
  assert.equal(acl('path_end .png .jpg', s), true)
  assert.equal(acl('path_sub img', s), true)
  assert.equal(acl('path_reg ^/static/.*\\.png$', s), true)
  assert.equal(acl('path_dir img', s), true)
  assert.equal(acl('path_dir im', s), false)
  assert.equal(acl('path_len gt 10', s), true)
  assert.equal(acl('path_len 1:5', s), false)
})

test('-i, -m and plain fetches with their default match', () => {
  const s = view('/', ['Host', 'WWW.Example.com', 'X-Num', '42'])
  assert.equal(acl('hdr(host) www.example.com', s), false)
  assert.equal(acl('hdr(host) -i www.example.com', s), true)
  assert.equal(acl('hdr(host) -m end -i example.com', s), true)
  assert.equal(acl('hdr_dom(host) -i example', s), true)
  assert.equal(acl('hdr_val(x-num) ge 40', s), true)
  assert.equal(acl('hdr_val(x-num) lt 40', s), false)
  assert.equal(acl('hdr_cnt(host) eq 1', s), true)
  assert.equal(acl('method GET HEAD', s), true)
  assert.equal(acl('hdr(x-missing) -m found', s), false)
  assert.equal(acl('hdr(x-num) -m found', s), true)
})

test('every occurrence of a header is matched, comma-separated values apart', () => {
  const s = view('/', ['Accept', 'text/html, application/json', 'X-Tag', 'a', 'X-Tag', 'b'])
  assert.equal(acl('hdr(accept) application/json', s), true)
  assert.equal(acl('hdr(x-tag) a', s), true)
  assert.equal(acl('req.fhdr(accept) application/json', s), false)
  const last = compileExpr('hdr(x-tag)')
  assert.ok(last.ok)
  assert.equal(last.value.eval(s), 'b', 'a fetch gives the last occurrence')
  const first = compileExpr('hdr(x-tag,1)')
  assert.ok(first.ok)
  assert.equal(first.value.eval(s), 'a')
})

test('ip matching with networks, IPv4 and IPv6', () => {
  assert.equal(acl('src 10.0.0.0/8', view('/')), true)
  assert.equal(acl('src 192.168.0.0/16 172.16.0.0/12', view('/')), false)
  assert.equal(acl('src 10.1.2.0/255.255.255.0', view('/')), true)
  assert.equal(acl('src 2001:db8::/32', view('/', [], { src: '2001:db8::1' })), true)
  assert.equal(acl('src 2001:db8::/32', view('/', [], { src: '2001:db9::1' })), false)
  assert.equal(acl('src 127.0.0.0/8', view('/', [], { src: '::ffff:127.0.0.1' })), true)
})

test('cookies: cook(name) and req.cook', () => {
  const s = view('/', ['Cookie', 'SERVERID=s2; lang=fr', 'Cookie', 'theme=dark'])
  assert.equal(acl('cook(SERVERID) s2', s), true)
  assert.equal(acl('req.cook(theme) dark', s), true)
  assert.equal(acl('cook(nope) -m found', s), false)
})

test('-f reads patterns from a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-acl-'))
  writeFileSync(join(dir, 'nets.lst'), '# trusted\n10.0.0.0/8\n\n192.168.0.0/16\n')
  const a = compileAcl(['src', '-f', join(dir, 'nets.lst')])
  assert.ok(a.ok)
  assert.equal(a.value.eval(view('/')), true)
  const missing = compileAcl(['src', '-f', join(dir, 'absent.lst')])
  assert.equal(missing.ok, false)
})

test('bad ACLs are refused with the word at fault', () => {
  const unknown = compileAcl(['pth_beg', '/x'])
  assert.ok(!unknown.ok)
  assert.match(unknown.reason, /unknown fetch method 'pth_beg'/)
  assert.equal(unknown.word, 0)
  const badFlag = compileAcl(['path', '-z', '/x'])
  assert.ok(!badFlag.ok)
  assert.equal(badFlag.word, 1)
  const badInt = compileAcl(['dst_port', 'eighty'])
  assert.ok(!badInt.ok)
  const badRe = compileAcl(['path_reg', '('])
  assert.ok(!badRe.ok)
  const noPattern = compileAcl(['path_beg'])
  assert.ok(!noPattern.ok)
  // HAProxy has these; switchyard does not evaluate them yet: flagged, not unknown.
  const later = compileAcl(['sc0_http_req_rate', 'gt', '10'])
  assert.ok(!later.ok && later.unsupported === true)
  const laterKw = compileAcl(['payload(0,1)', '16'])
  assert.ok(!laterKw.ok && laterKw.unsupported === true)
  assert.ok(!unknown.ok && unknown.unsupported !== true)
})

test('conditions: named ACLs ORed by name, implicit AND, ||, !, anonymous ACLs, unless', () => {
  const table = compileAclTable([
    { words: ['static', 'path_beg', '/static'], loc: 1 },
    { words: ['static', 'path_end', '.css'], loc: 2 },
    { words: ['admin', 'src', '10.0.0.0/8'], loc: 3 },
  ])
  assert.ok(table.ok)
  const cond = (pol: 'if' | 'unless', w: string, s: StreamView): boolean => {
    const c = compileCondition(pol, w.split(' '), table.value)
    assert.ok(c.ok, c.ok ? '' : c.reason)
    return c.value.test(s)
  }
  const css = view('/app/site.css')
  assert.equal(cond('if', 'static', css), true, 'the second static line matches')
  assert.equal(cond('if', 'static admin', css), true)
  assert.equal(cond('if', 'static !admin', css), false)
  assert.equal(cond('if', '! admin || static', css), true)
  assert.equal(cond('if', '!admin or static', view('/x')), false)
  assert.equal(cond('unless', 'static', css), false)
  assert.equal(cond('if', '{ path_beg /app } { method GET }', css), true)
  assert.equal(cond('if', 'METH_GET LOCALHOST', css), false)
  assert.equal(cond('if', 'METH_GET HTTP_1.1 HTTP_URL_SLASH TRUE', css), true)
  assert.equal(cond('if', 'FALSE', css), false)
  const missing = compileCondition('if', ['static', 'nope'], table.value)
  assert.ok(!missing.ok)
  assert.match(missing.reason, /no such ACL : 'nope'/)
  assert.equal(missing.word, 1)
})

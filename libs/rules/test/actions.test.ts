/**
 * http-request / http-response actions (actions/http.ts) run on a plain message:
 * parse errors, redirect with its options in any order, log-format aliases.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { StreamView } from '@switchyard/types'
import { compileHttpRule, compileLogFormat, runHttpRules, type HttpMessage } from '../src/index.js'

const S: StreamView = { src: '10.0.0.1', srcPort: 5000, dst: '127.0.0.1', dstPort: 80, frontend: 'fe', backend: 'be', request: { method: 'GET', target: '/a?q=1', version: '1.1', headers: ['Host', 'h.example'] }, response: undefined }

function rule (line: string): ReturnType<typeof compileHttpRule> {
  return compileHttpRule(line.split(' '), 'request', new Map())
}

test('redirect takes its type anywhere among the options', () => {
  const r = rule('http-request redirect code 301 drop-query prefix /new')
  assert.ok(r.ok, r.ok ? '' : r.reason)
  const m: HttpMessage = { headers: ['Host', 'h.example'], method: 'GET', target: '/a?q=1', status: 0, reason: '' }
  const v = runHttpRules([r.value], m, S)
  assert.ok(v !== undefined && v.kind === 'reply')
  assert.equal(v.reply.status, 301)
  assert.deepEqual(v.reply.headers, ['content-length', '0', 'location', '/new/a'])
})

test('parse errors name the action and the problem; unknown actions are "not supported yet"', () => {
  const bad = rule('http-request set-header X-Only-Name')
  assert.ok(!bad.ok)
  assert.match(bad.reason, /set-header/)
  const later = rule('http-request capture req.hdr(host) len 10')
  assert.ok(!later.ok && later.unsupported === true)
  const badVar = rule('http-request set-var(nope) str(x)')
  assert.ok(!badVar.ok)
  assert.match(badVar.reason, /scope proc, sess, txn, req or res/)
  const code = rule('http-request redirect location /x code 399')
  assert.ok(!code.ok)
})

test('log-format aliases: %ci %cp %f %b %HM %HU %Ts %pid, and %% literal', () => {
  const f = compileLogFormat('%ci:%cp %f/%b %HM %HU %% %Ts %pid')
  assert.ok(f.ok)
  const out = f.value.render(S)
  assert.match(out, /^10\.0\.0\.1:5000 fe\/be GET \/a\?q=1 % \d{10} \d+$/)
  assert.ok(!compileLogFormat('%Tq').ok, 'an alias switchyard does not have is refused, not printed as text')
  const t = compileLogFormat('%T')
  assert.ok(t.ok)
  assert.match(t.value.render(S), /^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/)
})

test('normalize-uri: merge slashes, strip dot and dotdot, percent forms, query order, fragment', () => {
  const norm = (kind: string, target: string): string => {
    const r = rule(`http-request normalize-uri ${kind}`)
    assert.ok(r.ok, r.ok ? '' : r.reason)
    const m: HttpMessage = { headers: [], method: 'GET', target, status: 0, reason: '' }
    runHttpRules([r.value], m, S)
    return m.target
  }
  assert.equal(norm('path-merge-slashes', '//a///b/?x=//'), '/a/b/?x=//')
  assert.equal(norm('path-strip-dot', '/a/./b/.'), '/a/b/')
  assert.equal(norm('path-strip-dotdot', '/a/b/../c/d?q=..'), '/a/c/d?q=..')
  assert.equal(norm('path-strip-dotdot', '/a/b/../../c'), '/c')
  assert.equal(norm('percent-to-uppercase', '/a%2fb%3a'), '/a%2Fb%3A')
  assert.equal(norm('percent-decode-unreserved', '/%7Euser/%2F'), '/~user/%2F')
  assert.equal(norm('query-sort-by-name', '/p?b=2&a=1&c'), '/p?a=1&b=2&c')
  assert.equal(norm('fragment-strip', '/p#top'), '/p')
  const bad = rule('http-request normalize-uri nope')
  assert.ok(!bad.ok)
})

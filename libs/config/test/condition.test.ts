import { test } from 'node:test'
import assert from 'node:assert/strict'
import { evalCondition, defaultBuild, compareVersions } from '../src/index.js'

const build = defaultBuild('3.0.15')
const ev = (s: string, env: Record<string, string> = {}): boolean | string => {
  const r = evalCondition(s, env, build)
  return r.ok ? r.value : `error: ${r.reason}`
}

test('terms', () => {
  assert.equal(ev('version_atleast(2.6-dev0)'), true)
  assert.equal(ev('version_atleast(2.7)'), false)
  assert.equal(ev('version_before(2.7)'), true)
  assert.equal(ev('feature(OPENSSL)'), true)
  assert.equal(ev('feature(QUIC)'), false)
  assert.equal(ev('defined(FOO)', { FOO: '' }), true)
  assert.equal(ev('defined(BAR)'), false)
  assert.equal(ev('streq(a,a)'), true)
  assert.equal(ev('strneq(a,a)'), false)
  assert.equal(ev('ssllib_name_startswith(Open)'), true)
  assert.equal(ev('openssl_version_atleast(1.1.1)'), true)
  assert.equal(ev('1'), true)
  assert.equal(ev('0'), false)
  assert.equal(ev(''), false)
})

test('operators, precedence, parentheses and spacing', () => {
  assert.equal(ev('!defined(X) && 1'), true)
  assert.equal(ev('0 || 1 && 0'), false)
  assert.equal(ev('( 0 || 1 ) && 1'), true)
  assert.equal(ev('!(1&&0)'), true)
})

test('quoted strings and $VAR inside double quotes', () => {
  assert.equal(ev(`streq("$A",'x')`, { A: 'x' }), true)
  assert.equal(ev(`streq('$A',"x")`, { A: 'x' }), false)
})

test('errors: trailing garbage, unbalanced, unknown terms', () => {
  assert.match(String(ev('1 1')), /^error/)
  assert.match(String(ev('(1')), /^error/)
  assert.match(String(ev('streq("a,b)')), /^error/)
  assert.match(String(ev('nosuch(1)')), /^error: unknown term/)
  assert.match(String(ev('streq(a)')), /^error/)
})

test('version ordering: dev < rc < release', () => {
  assert.ok(compareVersions('2.6-dev0', '2.6-rc1') < 0)
  assert.ok(compareVersions('2.6-rc1', '2.6.0') < 0)
  assert.ok(compareVersions('2.6.12', '2.6.2') > 0)
  assert.equal(compareVersions('2.6', '2.6.0'), 0)
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { tokenize } from '../src/index.js'

const words = (text: string, env: Record<string, string> = {}): string[][] =>
  tokenize(text, env).lines.map(l => l.words.map(w => w.text))

test('splits on spaces and tabs, drops comments and blank lines', () => {
  assert.deepEqual(words('  bind\t:80   # comment\n\n# only comment\nmode http'), [['bind', ':80'], ['mode', 'http']])
})

test('single quotes keep everything literal', () => {
  assert.deepEqual(words(`x 'a # b' '$HOME \\n'`, { HOME: '/root' }), [['x', 'a # b', '$HOME \\n']])
})

test('double quotes expand environment variables and escapes', () => {
  const env = { FOO: 'foo', EMPTY: '' }
  assert.deepEqual(words('x "${FOO}" "$FOO-bar" "a\\"b" "${MISSING-dflt}" "${FOO-dflt}" "${EMPTY-dflt}"', env),
    [['x', 'foo', 'foo-bar', 'a"b', 'dflt', 'foo', '']])
})

test('unquoted ${VAR} is not expanded, as in haproxy 2.6', () => {
  assert.deepEqual(words('x ${FOO}', { FOO: 'foo' }), [['x', '${FOO}']])
})

test('backslash escapes space, hash, quotes and hex; other backslashes stay', () => {
  assert.deepEqual(words('x a\\ b \\#c \\x41 \\. \\\\'), [['x', 'a b', '#c', 'A', '\\.', '\\']])
})

test('a word can mix quoted and unquoted parts', () => {
  assert.deepEqual(words(`x pre"$A"'$B'post`, { A: '1' }), [['x', 'pre1$Bpost']])
})

test('trailing backslash continues the line (seed talk form)', () => {
  const r = tokenize('server tomcat1 10.11.11.20:1080 \\\n        check cookie tomcat1\nmode http', {})
  assert.deepEqual(r.lines.map(l => l.words.map(w => w.text)),
    [['server', 'tomcat1', '10.11.11.20:1080', 'check', 'cookie', 'tomcat1'], ['mode', 'http']])
  assert.equal(r.lines[0]?.line, 1)
  assert.equal(r.lines[0]?.words[3]?.line, 2)
  assert.equal(r.lines[1]?.line, 3)
})

test('columns are 1-based positions in the physical line', () => {
  const r = tokenize('  timeout   server 5s', {})
  assert.deepEqual(r.lines[0]?.words.map(w => w.column), [3, 13, 20])
})

test('unmatched quote is reported with its line and column', () => {
  const r = tokenize('ok\nx "abc', {})
  assert.deepEqual(r.problems, [{ line: 2, column: 3, message: 'unmatched quote' }])
})

test('empty quoted word is kept as an empty argument', () => {
  assert.deepEqual(words('x "" y'), [['x', '', 'y']])
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { uriHashPart } from '../src/internal.js'
import { balance, counts, slots } from './helpers.js'

const part = (u: string, args: Record<string, number | boolean> = {}): string => uriHashPart(u, args).toString('latin1')

test('uri: hashes up to the question mark, all of it with whole', () => {
  assert.equal(part('/a/b?x=1'), '/a/b')
  assert.equal(part('/a/b?x=1', { whole: true }), '/a/b?x=1')
})

test('uri: len and depth cut the hashed part', () => {
  assert.equal(part('/abcdef/ghi', { len: 4 }), '/abc')
  assert.equal(part('/a/b/c/d', { depth: 2 }), '/a/b')
  assert.equal(part('/a/b/c/d?q', { depth: 9 }), '/a/b/c/d')
  assert.equal(part('/a/b/c?q/r', { len: 8, whole: true }), '/a/b/c?q')
})

test('uri: path-only drops scheme and authority of an absolute URI', () => {
  assert.equal(part('https://example.com:8443/p/q?x', { pathOnly: true }), '/p/q')
  assert.equal(part('http://example.com', { pathOnly: true }), '')
  assert.equal(part('/p?x', { pathOnly: true }), '/p')
})

test('uri: same URI same server; sdbm map lookup is byte-exact', () => {
  // sdbm('/index.html') = 858007926; % 3 = 0 -> s1; with djb2 3776231887 % 3 = 1 -> s2
  assert.equal(balance('uri', slots(1, 1, 1)).pick({ src: '', uri: '/index.html?v=1' })?.name, 's1')
  const djb2 = balance('uri', slots(1, 1, 1), { hash: { fn: 'djb2' } })
  assert.equal(djb2.pick({ src: '', uri: '/index.html' })?.name, 's2')
})

test('uri: distinct URIs spread; missing URI falls back to round-robin', () => {
  const b = balance('uri whole', slots(1, 1))
  const names = Array.from({ length: 200 }, (_, i) => b.pick({ src: '', uri: `/obj/${i}` })?.name ?? '-')
  const c = counts(names)
  assert.ok((c['s1'] ?? 0) > 60 && (c['s2'] ?? 0) > 60, JSON.stringify(c))
  assert.deepEqual(counts([b.pick({ src: '' })?.name ?? '-', b.pick({ src: '' })?.name ?? '-']), { s1: 1, s2: 1 })
})

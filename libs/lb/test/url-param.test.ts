import assert from 'node:assert/strict'
import { test } from 'node:test'
import { findParam } from '../src/internal.js'
import { balance, counts, slots } from './helpers.js'

const find = (s: string, name: string, strict = false): string | undefined =>
  findParam(Buffer.from(s), 0, Buffer.from(name), strict)?.toString()

test('url_param: finds the value of the named parameter', () => {
  assert.equal(find('a=1&userid=42&b=2', 'userid'), '42')
  assert.equal(find('xuserid=1&userid=7', 'userid'), '7')
  assert.equal(find('userid=', 'userid'), '') // present but empty: hashed as ''
  assert.equal(find('userid', 'userid'), undefined)
  assert.equal(find('a=1', 'userid'), undefined)
})

test('url_param: same value same server, whatever the other parameters', () => {
  const b = balance('url_param userid', slots(1, 1, 1, 1))
  const s = b.pick({ src: '', uri: '/p?userid=42&x=1' })
  assert.equal(b.pick({ src: '', uri: '/other?y=2&userid=42' }), s)
  const names = Array.from({ length: 400 }, (_, i) => b.pick({ src: '', uri: `/?userid=u${i}` })?.name ?? '-')
  assert.equal(Object.keys(counts(names)).length, 4)
})

test('url_param: missing parameter falls back to round-robin', () => {
  const b = balance('url_param userid', slots(1, 1))
  const names = [0, 1, 2, 3].map(() => b.pick({ src: '', uri: '/p?other=1' })?.name ?? '-')
  assert.deepEqual(counts(names), { s1: 2, s2: 2 })
})

test('url_param check_post: looks in the body when the query lacks it', () => {
  const b = balance('url_param userid check_post', slots(1, 1, 1, 1))
  const byQuery = b.pick({ src: '', uri: '/p?userid=abc' })
  const byBody = b.pick({ src: '', uri: '/p', body: Buffer.from('x=1&userid=abc') })
  assert.equal(byBody, byQuery)
  assert.equal(find('userid=\x00bin', 'userid', true), undefined) // not urlencoded
})

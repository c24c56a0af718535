import assert from 'node:assert/strict'
import { test } from 'node:test'
import { rdpCookieValue } from '../src/internal.js'
import { balance, counts, slots } from './helpers.js'

const x224 = (line: string): Buffer => Buffer.concat([Buffer.alloc(11), Buffer.from(line, 'latin1')])

test('rdp-cookie: reads the cookie of an X.224 connection request', () => {
  assert.equal(rdpCookieValue(x224('Cookie: mstshash=alice\r\n'), 'mstshash')?.toString(), 'alice')
  assert.equal(rdpCookieValue(x224('cookie:MSTSHASH=bob\r\n'), 'mstshash')?.toString(), 'bob')
  assert.equal(rdpCookieValue(x224('Cookie: other=bob\r\n'), 'mstshash'), undefined)
  assert.equal(rdpCookieValue(x224('Cookie: mstshash=bob'), 'mstshash'), undefined)
})

test('rdp-cookie: same cookie same server, no cookie round-robin', () => {
  const b = balance('rdp-cookie', slots(1, 1, 1))
  const s = b.pick({ src: '', body: x224('Cookie: mstshash=alice\r\n') })
  assert.equal(b.pick({ src: '', body: x224('Cookie: mstshash=alice\r\n') }), s)
  const names = [0, 1, 2].map(() => b.pick({ src: '' })?.name ?? '-')
  assert.deepEqual(counts(names), { s1: 1, s2: 1, s3: 1 })
})

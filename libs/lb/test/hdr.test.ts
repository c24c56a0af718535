import assert from 'node:assert/strict'
import { test } from 'node:test'
import { domainOnly, firstValue } from '../src/internal.js'
import { balance, counts, slots } from './helpers.js'

const headers = (h: Record<string, string>) => (name: string): string | undefined => h[name.toLowerCase()]

test('hdr: use_domain_only keeps the label before the TLD', () => {
  const d = (s: string): string => domainOnly(Buffer.from(s)).toString()
  assert.equal(d('www.example.com'), 'example')
  assert.equal(d('example.com'), 'example')
  assert.equal(d('a.b.example.co'), 'example')
  assert.equal(d('localhost'), 'localhost')
  assert.equal(firstValue(' a , b'), 'a')
})

test('hdr(host): same header value same server', () => {
  const b = balance('hdr(Host)', slots(1, 1, 1))
  const s = b.pick({ src: '', header: headers({ host: 'shop.example.com' }) })
  for (let i = 0; i < 5; i++) assert.equal(b.pick({ src: '', header: headers({ host: 'shop.example.com' }) }), s)
})

test('hdr(host) use_domain_only: hosts of one domain share a server', () => {
  const b = balance('hdr(host) use_domain_only', slots(1, 1, 1, 1, 1))
  const a = b.pick({ src: '', header: headers({ host: 'www.example.com' }) })
  assert.equal(b.pick({ src: '', header: headers({ host: 'api.example.org' }) }), a)
})

test('hdr: missing or empty header falls back to round-robin', () => {
  const b = balance('hdr(X-User)', slots(1, 1))
  const cases: Array<Record<string, string>> = [{}, {}, { 'x-user': '' }, { 'x-user': '' }]
  const names = cases.map((h) => b.pick({ src: '', header: headers(h) })?.name ?? '-')
  assert.deepEqual(counts(names), { s1: 2, s2: 2 })
})

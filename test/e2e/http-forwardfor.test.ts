/**
 * `option forwardfor [except <net>] [header <name>] [if-none]`: the server sees
 * the client's address in X-Forwarded-For (or the named header), appended after
 * what the client sent, skipped for the excepted network or when one is present.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rawRequest, httpBackend, splitResponses, startDataplane } from '../harness/index.js'

/** What the server saw, as raw [name, value, ...] pairs. */
async function seen (option: string, extraHeaders = ''): Promise<{ headers: string[]; cleanup: () => Promise<void> }> {
  const be = await httpBackend('s1')
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  ${option}
  default_backend be
backend be
  server s1 127.0.0.1:${be.port}
`)
  const r = await rawRequest(dp.port('fe'), `GET / HTTP/1.1\r\nHost: x\r\n${extraHeaders}Connection: close\r\n\r\n`)
  const res = splitResponses(r.text)[0]
  assert.equal(res?.status, 200, r.text)
  return { headers: JSON.parse(res?.headers['x-request-headers'] ?? '[]') as string[], cleanup: async () => { await dp.stop(); await be.close() } }
}

function values (h: string[], name: string): string[] {
  const out: string[] = []
  for (let i = 0; i < h.length; i += 2) if (h[i]?.toLowerCase() === name.toLowerCase()) out.push(h[i + 1] as string)
  return out
}

test('option forwardfor adds X-Forwarded-For with the client address', async (t) => {
  const s = await seen('option forwardfor')
  t.after(s.cleanup)
  assert.deepEqual(values(s.headers, 'x-forwarded-for'), ['127.0.0.1'])
})

test('option forwardfor keeps the client\'s header and adds its own after it', async (t) => {
  const s = await seen('option forwardfor', 'X-Forwarded-For: 10.1.1.1\r\n')
  t.after(s.cleanup)
  assert.deepEqual(values(s.headers, 'x-forwarded-for'), ['10.1.1.1', '127.0.0.1'])
})

test('option forwardfor header <name> uses that name', async (t) => {
  const s = await seen('option forwardfor header X-Client-IP')
  t.after(s.cleanup)
  assert.deepEqual(values(s.headers, 'x-client-ip'), ['127.0.0.1'])
  assert.deepEqual(values(s.headers, 'x-forwarded-for'), [])
  assert.ok(s.headers.includes('X-Client-IP'), 'the configured spelling is kept')
})

test('option forwardfor except <net> skips clients in that network', async (t) => {
  const s = await seen('option forwardfor except 127.0.0.0/8')
  t.after(s.cleanup)
  assert.deepEqual(values(s.headers, 'x-forwarded-for'), [])
  const s2 = await seen('option forwardfor except 10.0.0.0/8')
  t.after(s2.cleanup)
  assert.deepEqual(values(s2.headers, 'x-forwarded-for'), ['127.0.0.1'])
})

test('option forwardfor if-none leaves a client-supplied header alone', async (t) => {
  const s = await seen('option forwardfor if-none', 'x-forwarded-for: 10.9.9.9\r\n')
  t.after(s.cleanup)
  assert.deepEqual(values(s.headers, 'x-forwarded-for'), ['10.9.9.9'])
  const s2 = await seen('option forwardfor if-none')
  t.after(s2.cleanup)
  assert.deepEqual(values(s2.headers, 'x-forwarded-for'), ['127.0.0.1'])
})

/**
 * `option originalto [except <net>] [header <name>]`: the server sees the
 * address the client connected to in X-Original-To (or the named header).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rawRequest, httpBackend, splitResponses, startDataplane } from '../harness/index.js'

async function seen (option: string): Promise<{ headers: string[]; cleanup: () => Promise<void> }> {
  const be = await httpBackend('s1')
  const dp = await startDataplane(`
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
  ${option}
  server s1 127.0.0.1:${be.port}
`)
  const r = await rawRequest(dp.port('fe'), 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  const res = splitResponses(r.text)[0]
  assert.equal(res?.status, 200, r.text)
  return { headers: JSON.parse(res?.headers['x-request-headers'] ?? '[]') as string[], cleanup: async () => { await dp.stop(); await be.close() } }
}

function values (h: string[], name: string): string[] {
  const out: string[] = []
  for (let i = 0; i < h.length; i += 2) if (h[i]?.toLowerCase() === name) out.push(h[i + 1] as string)
  return out
}

test('option originalto adds X-Original-To with the frontend address', async (t) => {
  const s = await seen('option originalto')
  t.after(s.cleanup)
  assert.deepEqual(values(s.headers, 'x-original-to'), ['127.0.0.1'])
})

test('option originalto header <name> and except <net>', async (t) => {
  const s = await seen('option originalto header X-Dst')
  t.after(s.cleanup)
  assert.deepEqual(values(s.headers, 'x-dst'), ['127.0.0.1'])
  assert.deepEqual(values(s.headers, 'x-original-to'), [])
  const s2 = await seen('option originalto except 127.0.0.1')
  t.after(s2.cleanup)
  assert.deepEqual(values(s2.headers, 'x-original-to'), [])
})

test('option forwardfor and originalto together', async (t) => {
  const s = await seen('option forwardfor\n  option originalto')
  t.after(s.cleanup)
  assert.deepEqual(values(s.headers, 'x-forwarded-for'), ['127.0.0.1'])
  assert.deepEqual(values(s.headers, 'x-original-to'), ['127.0.0.1'])
})

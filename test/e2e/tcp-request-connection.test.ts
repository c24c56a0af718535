/**
 * `tcp-request connection accept|reject`: decided from layer-4 facts at accept time.
 * A rejected connection is closed without a byte and never reaches a server; the
 * first rule whose condition holds decides; no decision means accept. Clients bind
 * to other loopback addresses (127.0.0.2, 127.0.0.3) to be told apart by `src`.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { startDataplane, httpBackend, HTTP_DEFAULTS, TCP_DEFAULTS } from '../harness/index.js'

/** One GET from `localAddress`; the raw answer ('' when the proxy closed without one). */
function getFrom (port: number, localAddress: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', localAddress }, () => s.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))
    let text = ''
    s.on('data', (d: Buffer) => { text += d.toString() })
    s.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'ECONNRESET' || e.code === 'EPIPE') resolve(text); else reject(e) })
    s.on('close', () => resolve(text))
    s.setTimeout(3000, () => s.destroy(new Error('timed out')))
  })
}

test('tcp-request connection reject closes matching connections; accept ends the list', async (t) => {
  const be = await httpBackend('app')
  t.after(() => be.close())
  const p = await startDataplane(`${HTTP_DEFAULTS}
frontend fe
  bind 127.0.0.1:0
  tcp-request connection reject if { src 127.0.0.2 }
  tcp-request connection accept if { src 127.0.0.3 }
  tcp-request connection reject if { src 127.0.0.0/8 } !{ src 127.0.0.1 }
  default_backend be
backend be
  server app 127.0.0.1:${be.port}
`)
  t.after(() => p.stop())
  const port = p.port('fe')
  assert.equal(await getFrom(port, '127.0.0.2'), '', 'rejected: no byte back')
  assert.match(await getFrom(port, '127.0.0.3'), /^HTTP\/1\.1 200 /, 'accepted before the later reject')
  assert.equal(await getFrom(port, '127.0.0.4'), '', 'the third rule')
  assert.match(await getFrom(port, '127.0.0.1'), /^HTTP\/1\.1 200 /, 'no rule decides: accepted')
  assert.equal(be.requests(), 2)
  assert.equal(p.dataplane.frontends[0]?.counters.denied, 2)
})

test('tcp-request connection reject in mode tcp', async (t) => {
  const be = await httpBackend('app')
  t.after(() => be.close())
  const p = await startDataplane(`${TCP_DEFAULTS}listen tcp_in
  bind 127.0.0.1:0
  tcp-request connection reject if { src 127.0.0.2 }
  server app 127.0.0.1:${be.port}
`)
  t.after(() => p.stop())
  assert.equal(await getFrom(p.port('tcp_in'), '127.0.0.2'), '')
  assert.match(await getFrom(p.port('tcp_in'), '127.0.0.1'), /^HTTP\/1\.1 200 /)
})

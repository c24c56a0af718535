/**
 * `tcp-request inspect-delay` + `tcp-request content accept|reject` in mode tcp, and
 * SNI routing of TLS passthrough with `use_backend ... if { req.ssl_sni ... }`. The
 * ClientHello is a real one from node's TLS client, captured once; the backends are
 * plain TCP servers that record what they got and answer their name.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect, createServer, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { once } from 'node:events'
import { startDataplane, rawServer, type Backend, TCP_DEFAULTS } from '../harness/index.js'

/** A real TLS ClientHello for `servername`, as node's TLS client sends it. */
async function clientHello (servername: string): Promise<Buffer> {
  const srv = createServer()
  srv.listen(0, '127.0.0.1')
  await once(srv, 'listening')
  const got = new Promise<Buffer>(resolve => srv.once('connection', (s: Socket) => s.once('data', (d: Buffer) => { resolve(d); s.destroy() })))
  const c = tlsConnect({ port: (srv.address() as { port: number }).port, host: '127.0.0.1', servername, rejectUnauthorized: false })
  c.on('error', () => undefined)
  const hello = await got
  c.destroy()
  srv.close()
  return hello
}

/** Answers its name once it has received `expect` bytes, then closes; records the bytes. */
function namedServer (name: string, seen: Buffer[]): Promise<Backend> {
  return rawServer((s) => {
    let n = 0
    s.on('data', (d: Buffer) => { seen.push(d); n += d.length; if (n > 0) s.end(name) })
    s.on('error', () => undefined)
  })
}

/** Sends `payload` (optionally after a pause) and returns what came back before the close. */
function exchange (port: number, payload: Buffer | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1' }, () => { if (payload !== undefined) s.write(payload) })
    let text = ''
    s.on('data', (d: Buffer) => { text += d.toString('latin1') })
    s.on('close', () => resolve(text))
    s.on('error', (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET' ? resolve(text) : reject(e))
    s.setTimeout(4000, () => s.destroy(new Error('timed out')))
  })
}

test('SNI routing: req.ssl_sni picks the backend, the ClientHello reaches it intact', async (t) => {
  const seenA: Buffer[] = []
  const seenB: Buffer[] = []
  const a = await namedServer('A', seenA)
  const b = await namedServer('B', seenB)
  t.after(async () => { await a.close(); await b.close() })
  const p = await startDataplane(`${TCP_DEFAULTS}frontend tls_in
  bind 127.0.0.1:0
  tcp-request inspect-delay 2s
  tcp-request content accept if { req.ssl_hello_type 1 }
  use_backend be_a if { req.ssl_sni -i a.example.com }
  default_backend be_b
backend be_a
  server a 127.0.0.1:${a.port}
backend be_b
  server b 127.0.0.1:${b.port}
`)
  t.after(() => p.stop())
  const helloA = await clientHello('A.example.com')
  assert.equal(await exchange(p.port('tls_in'), helloA), 'A')
  assert.deepEqual(Buffer.concat(seenA), helloA, 'the server got the ClientHello byte for byte')
  assert.equal(await exchange(p.port('tls_in'), await clientHello('other.example.com')), 'B')
})

test('content accept if data arrived, reject otherwise once inspect-delay ends', async (t) => {
  const seen: Buffer[] = []
  const s = await namedServer('S', seen)
  t.after(() => s.close())
  const p = await startDataplane(`${TCP_DEFAULTS}listen smtp
  bind 127.0.0.1:0
  tcp-request inspect-delay 300ms
  acl content_present req_len gt 0
  tcp-request content accept if content_present
  tcp-request content reject
  server s 127.0.0.1:${s.port}
`)
  t.after(() => p.stop())
  assert.equal(await exchange(p.port('smtp'), Buffer.from('EHLO me\r\n')), 'S')
  const t0 = Date.now()
  assert.equal(await exchange(p.port('smtp'), undefined), '', 'silent client: rejected')
  assert.ok(Date.now() - t0 >= 250, 'not before the inspect delay')
  assert.equal(Buffer.concat(seen).toString(), 'EHLO me\r\n')
  assert.equal(p.dataplane.frontends[0]?.counters.denied, 1)
})

/**
 * Conn (net/conn.ts): a client connection on libuv's stream handle. Real sockets
 * on loopback: a net.Server whose accepted handles become Conns, and net.Socket
 * clients on the other end.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, connect, type Socket } from 'node:net'
import { once } from 'node:events'
import { takeConnections } from '../src/listener/listener.js'
import type { Conn, ConnUser } from '../src/net/conn.js'

type Recorder = ConnUser & { data: Buffer[]; events: string[] }

function recorder (): Recorder {
  const r: Recorder = {
    data: [],
    events: [],
    onConnData: (d) => { r.data.push(Buffer.from(d)) },
    onConnEnd: () => { r.events.push('end') },
    onConnClose: () => { r.events.push('close') },
    onConnTimeout: () => { r.events.push('timeout') },
  }
  return r
}

/** A listening server whose next accepted connection is handed over as a Conn, with its client socket. */
async function pair (): Promise<{ conn: Conn; client: Socket; close: () => void }> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const accepted = new Promise<Conn>(resolve => takeConnections(server, resolve))
  const { port } = server.address() as { port: number }
  const client = connect(port, '127.0.0.1')
  client.on('error', () => undefined)
  await once(client, 'connect')
  const conn = await accepted
  return { conn, client, close: () => { client.destroy(); conn.destroy(); server.close() } }
}

function until (cond: () => boolean, ms = 3000): Promise<void> {
  const t0 = Date.now()
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (cond()) { resolve(); return }
      if (Date.now() - t0 > ms) { reject(new Error('condition not met in time')); return }
      setTimeout(tick, 5)
    }
    tick()
  })
}

test('reads reach the user as owned buffers; a FIN is onConnEnd, and the connection stays writable', async () => {
  const { conn, client, close } = await pair()
  const r = recorder()
  conn.start(r)
  client.write('hello ')
  client.end('world')
  await until(() => r.events.includes('end'))
  assert.equal(Buffer.concat(r.data).toString(), 'hello world')
  const got: Buffer[] = []
  client.on('data', (d: Buffer) => got.push(d))
  conn.write(Buffer.from('still here'))
  conn.end(true)
  await once(client, 'end')
  assert.equal(Buffer.concat(got).toString(), 'still here')
  await until(() => r.events.includes('close'))
  assert.deepEqual(r.events, ['end', 'close'])
  close()
})

test('pause stops reads and resume starts them again', async () => {
  const { conn, client, close } = await pair()
  const r = recorder()
  conn.start(r)
  conn.pause()
  client.write('abc')
  await new Promise(resolve => setTimeout(resolve, 50))
  assert.equal(r.data.length, 0)
  conn.resume()
  await until(() => r.data.length > 0)
  assert.equal(Buffer.concat(r.data).toString(), 'abc')
  close()
})

test('a write the kernel cannot take counts in writableLength; its callback runs once the peer reads', async () => {
  const { conn, client, close } = await pair()
  conn.start(recorder())
  client.pause()
  const big = Buffer.alloc(16 * 1024 * 1024, 0x61)
  let flushed = false
  conn.write(big, () => { flushed = true })
  assert.equal(flushed, false)
  assert.ok(conn.writableLength > 0, 'a 16 MiB write to a paused reader stays queued')
  let received = 0
  client.on('data', (d: Buffer) => { received += d.length })
  client.resume()
  await until(() => flushed)
  assert.equal(conn.writableLength, 0)
  await until(() => received === big.length)
  close()
})

test('a small write is taken at once: its callback runs before write() returns', async () => {
  const { conn, close } = await pair()
  conn.start(recorder())
  let flushed = false
  conn.write(Buffer.from('x'), () => { flushed = true })
  assert.equal(flushed, true)
  assert.equal(conn.writableLength, 0)
  close()
})

test('end(true) lets queued bytes out before the close', async () => {
  const { conn, client, close } = await pair()
  const r = recorder()
  conn.start(r)
  client.pause()
  const big = Buffer.alloc(8 * 1024 * 1024, 0x62)
  conn.writev([Buffer.from('head:'), big])
  conn.end(true)
  let received = 0
  client.on('data', (d: Buffer) => { received += d.length })
  client.resume()
  await once(client, 'end')
  assert.equal(received, big.length + 5)
  await until(() => r.events.includes('close'))
  close()
})

test('destroy closes at once and the user hears onConnClose exactly once, later', async () => {
  const { conn, client, close } = await pair()
  const r = recorder()
  conn.start(r)
  const clientClosed = once(client, 'close')
  conn.destroy()
  conn.destroy()
  assert.deepEqual(r.events, [], 'onConnClose is not called from inside destroy()')
  await until(() => r.events.length > 0)
  await clientClosed
  assert.deepEqual(r.events, ['close'])
  assert.equal(conn.destroyed, true)
  conn.write(Buffer.from('ignored'))
  close()
})

test('the idle timeout fires without traffic and is pushed back by reads', async () => {
  const { conn, client, close } = await pair()
  const r = recorder()
  conn.start(r)
  conn.setTimeout(300)
  for (let i = 0; i < 4; i++) {
    await new Promise(resolve => setTimeout(resolve, 60))
    client.write('.')
  }
  assert.equal(r.events.includes('timeout'), false, 'reads every 60 ms keep a 300 ms timeout away')
  await until(() => r.events.includes('timeout'))
  conn.setTimeout(0)
  close()
})

test('peer and local addresses come from the handle', async () => {
  const { conn, client, close } = await pair()
  assert.equal(conn.remoteAddress, '127.0.0.1')
  assert.equal(conn.remotePort, client.localPort)
  assert.equal(conn.localPort, client.remotePort)
  close()
})

test('a reset by the peer closes the Conn', async () => {
  const { conn, client, close } = await pair()
  const r = recorder()
  conn.start(r)
  client.resetAndDestroy()
  await until(() => r.events.includes('close'))
  assert.equal(conn.destroyed, true)
  close()
})

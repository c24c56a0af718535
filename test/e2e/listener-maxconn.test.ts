// Frontend `maxconn 1`: a second connection is neither refused nor reset; it
// waits (unread) and is served as soon as the first connection closes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { httpBackend, startDataplane, splitResponses } from '../harness/index.js'

type Conn = { socket: Socket; text: () => string; closed: () => boolean; error: () => string | undefined }

function open (port: number): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    let text = ''
    let closed = false
    let error: string | undefined
    socket.on('data', (d: Buffer) => { text += d.toString('latin1') })
    socket.on('error', (e: NodeJS.ErrnoException) => { error = e.code ?? e.message })
    socket.on('close', () => { closed = true })
    socket.once('connect', () => resolve({ socket, text: () => text, closed: () => closed, error: () => error }))
    socket.once('error', reject)
  })
}

async function until (cond: () => boolean, ms: number): Promise<boolean> {
  for (let w = 0; w < ms && !cond(); w += 10) await new Promise(r => setTimeout(r, 10))
  return cond()
}

test('frontend maxconn 1: the second connection waits, then is served', async (t) => {
  const be = await httpBackend('s1')
  t.after(() => be.close())
  const p = await startDataplane(`
defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
  timeout http-keep-alive 10s
frontend fe
  bind 127.0.0.1:0
  maxconn 1
  default_backend be
backend be
  server s1 127.0.0.1:${be.port}
`)
  t.after(() => p.stop())
  const port = p.port('fe')
  const req = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`

  const first = await open(port)
  t.after(() => { first.socket.destroy() })
  first.socket.write(req('/first'))
  assert.ok(await until(() => splitResponses(first.text()).length === 1, 3000), 'first connection served')

  const second = await open(port)
  t.after(() => { second.socket.destroy() })
  second.socket.write(req('/second'))
  await new Promise(r => setTimeout(r, 400))
  assert.equal(second.text(), '', 'second connection not served while the first is open')
  assert.equal(second.closed(), false, 'second connection not closed')
  assert.equal(second.error(), undefined, 'second connection not reset')
  assert.equal(be.requests(), 1)

  // The first connection is still usable (keep-alive) while the second waits.
  first.socket.write(req('/first-again'))
  assert.ok(await until(() => splitResponses(first.text()).length === 2, 3000))

  first.socket.end()
  assert.ok(await until(() => splitResponses(second.text()).length === 1, 3000), 'second served after the first closed')
  const [r] = splitResponses(second.text())
  assert.equal(r?.status, 200)
  assert.equal(r?.body, 's1 GET /second')
  assert.equal(second.error(), undefined)
})

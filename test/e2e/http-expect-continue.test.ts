/**
 * `Expect: 100-continue`: the server's interim 100 reaches the client, which
 * sends the body only then; the final response follows on the same connection.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { spawn } from 'node:child_process'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { httpBackend, splitResponses, startDataplane, simpleHttpConfig } from '../harness/index.js'

function echo (req: IncomingMessage, res: ServerResponse): void {
  let b = ''
  req.on('data', (d: Buffer) => { b += d.toString() })
  req.on('end', () => res.end(`got ${b}`))
}

/** Sends the head, waits for `100 Continue` (bounded), sends the body, reads to close. */
async function continueClient (port: number): Promise<{ interim: string; rest: string }> {
  const sock = connect({ port, host: '127.0.0.1' })
  let data = ''
  let interim = ''
  sock.on('data', d => { data += d.toString('latin1') })
  await new Promise<void>((resolve, reject) => { sock.once('connect', resolve); sock.once('error', reject) })
  sock.write('POST /up HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n')
  for (let i = 0; i < 100 && !data.includes('\r\n\r\n'); i++) await new Promise(r => setTimeout(r, 20))
  interim = data
  data = ''
  assert.match(interim, /^HTTP\/1\.1 100 Continue\r\n\r\n$/, 'the 100 arrives before any body was sent')
  sock.write('hello')
  await new Promise<void>(resolve => {
    const timer = setTimeout(() => { sock.destroy(); resolve() }, 3000)
    sock.once('close', () => { clearTimeout(timer); resolve() })
  })
  return { interim, rest: data }
}

async function proxy (t: { after: (fn: () => unknown) => void }, serverPort: number): Promise<number> {
  const dp = await startDataplane(simpleHttpConfig(serverPort))
  t.after(() => dp.stop())
  return dp.port('fe')
}

/** Runs curl without blocking the event loop (the proxy runs in this process). */
function curl (args: string[], input: string | Buffer): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const p = spawn('curl', args)
    let stdout = ''
    let stderr = ''
    p.stdout.setEncoding('latin1').on('data', (d: string) => { stdout += d })
    p.stderr.setEncoding('latin1').on('data', (d: string) => { stderr += d })
    p.on('close', status => resolve({ status, stdout, stderr }))
    p.stdin.end(input)
  })
}

test('100-continue sent automatically by node:http', async (t) => {
  const be = await httpBackend('s1', echo)
  t.after(() => be.close())
  const { rest } = await continueClient(await proxy(t, be.port))
  const res = splitResponses(rest)
  assert.equal(res.length, 1)
  assert.equal(res[0]?.status, 200)
  assert.equal(res[0]?.body, 'got hello')
})

test('100-continue sent by the checkContinue handler', async (t) => {
  let checked = 0
  const srv = createServer(echo)
  srv.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    checked++
    setTimeout(() => { res.writeContinue(); echo(req, res) }, 50)
  })
  await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise<void>(resolve => { srv.closeAllConnections(); srv.close(() => resolve()) }))
  const addr = srv.address()
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0
  const { rest } = await continueClient(await proxy(t, port))
  assert.equal(checked, 1)
  const res = splitResponses(rest)
  assert.equal(res[0]?.status, 200)
  assert.equal(res[0]?.body, 'got hello')
})

test('curl uploads 2 MB with Expect: 100-continue without waiting out its timeout', async (t) => {
  let expect = ''
  const srv = createServer((req, res) => {
    expect = req.headers.expect ?? ''
    let n = 0
    req.on('data', (d: Buffer) => { n += d.length })
    req.on('end', () => res.end(`got ${n}`))
  })
  await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise<void>(resolve => { srv.closeAllConnections(); srv.close(() => resolve()) }))
  const addr = srv.address()
  const port = await proxy(t, typeof addr === 'object' && addr !== null ? addr.port : 0)
  const started = Date.now()
  const r = await curl(['-sS', '--max-time', '20', '--expect100-timeout', '10', '-H', 'Expect: 100-continue',
    '--data-binary', '@-', `http://127.0.0.1:${port}/up`], Buffer.alloc(2_000_000, 0x62))
  const ms = Date.now() - started
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout, 'got 2000000')
  assert.equal(expect, '100-continue')
  assert.ok(ms < 5000, `curl took ${ms} ms: it waited for a 100 that never came`)
})

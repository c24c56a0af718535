// Inherited listening socket (cli-contract section 2): the test creates a listening
// TCP socket, passes it to bin/switchyard as fd 3 and names it in the config with
// `bind "fd@${FE}"`, FE=3. Connections made before switchyard is ready are served
// too (they wait in the backlog), and switchyard neither closes nor rebinds it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createServer, connect } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SWITCHYARD_BIN, httpBackend, rawRequest, splitResponses, tempDir } from '../harness/index.js'

/** The OS file descriptor behind a listening net.Server (Linux, libuv internals). */
function fdOf (server: object): number {
  const handle = (server as { _handle?: { fd?: number } })._handle
  if (handle?.fd === undefined || handle.fd < 0) throw new Error('no fd on the listening handle')
  return handle.fd
}

test('bind "fd@${FE}" accepts on an inherited listening socket', async (t) => {
  const be = await httpBackend('inherited')
  t.after(() => be.close())
  const tmp = tempDir()
  t.after(() => tmp.cleanup())
  const listener = createServer()
  await new Promise<void>(resolve => listener.listen(0, '127.0.0.1', resolve))
  const addr = listener.address()
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0
  const cfg = join(tmp.dir, 'cfg')
  writeFileSync(cfg, `
global
  maxconn 100
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s
frontend fe
  bind "fd@\${FE}"
  default_backend be
backend be
  server s1 127.0.0.1:${be.port}
`)
  const child = spawn(SWITCHYARD_BIN, ['-d', '-f', cfg], {
    cwd: tmp.dir,
    env: { ...process.env, FE: '3' },
    stdio: ['pipe', 'pipe', 'pipe', fdOf(listener)],
  })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { out += d.toString() })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve => child.once('exit', (code, signal) => resolve({ code, signal })))
  t.after(async () => { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGKILL'); await exited } })
  // The child has its own copy; stop accepting here so only switchyard serves.
  await new Promise<void>(resolve => listener.close(() => resolve()))

  // Sent at once, before switchyard is ready: waits in the backlog, then is served.
  const early = await rawRequest(port, 'GET /early HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { timeoutMs: 5000 })
  const [r] = splitResponses(early.text)
  assert.equal(r?.status, 200, `switchyard output:\n${out}\nreply:\n${early.text}`)
  assert.equal(r?.body, 'inherited GET /early')

  for (let i = 0; i < 3; i++) {
    const again = splitResponses((await rawRequest(port, `GET /n${i} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).text)
    assert.equal(again[0]?.body, `inherited GET /n${i}`)
  }
  assert.equal(be.requests(), 4)

  child.kill('SIGINT')
  const e = await exited
  assert.ok(e.signal === 'SIGINT' || e.code === 0, `exit ${JSON.stringify(e)}\n${out}`)
  // Once switchyard is gone nobody holds the socket: the port refuses.
  const refused = await new Promise<boolean>(resolve => {
    const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(false) })
    s.once('error', () => resolve(true))
  })
  assert.equal(refused, true)
})

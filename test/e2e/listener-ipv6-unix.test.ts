// Listeners and servers on IPv6 and unix sockets: `bind [::1]:port`, `bind <path>
// mode 600` (the socket file gets that mode), and servers at [::1]:port and at a
// unix socket path.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'node:http'
import { spawnSync } from 'node:child_process'
import { httpBackend, startDataplane, tempDir } from '../harness/index.js'

type Answer = { status: number; server: string }

function getVia (target: { host?: string; port?: number; socketPath?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path: '/', agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, server: String(res.headers['x-server'] ?? '') }))
    })
    req.setTimeout(3000, () => req.destroy(new Error('timed out')))
    req.on('error', reject)
    req.end()
  })
}

test('bind on [::1] and on a unix socket with mode 600; servers on IPv6 and unix', async (t) => {
  const tmp = tempDir()
  t.after(() => tmp.cleanup())
  const frontSock = join(tmp.dir, 'front.sock')
  const backSock = join(tmp.dir, 'back.sock')
  const v6 = await httpBackend('v6', undefined, { host: '::1' })
  const ux = await httpBackend('unix', undefined, { path: backSock })
  t.after(async () => { await v6.close(); await ux.close() })
  const p = await startDataplane(`
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s
frontend fe
  bind [::1]:0
  bind "${frontSock}" mode 600
  default_backend be
backend be
  balance roundrobin
  server v6 [::1]:${v6.port}
  server unix "${backSock}"
`)
  t.after(() => p.stop())

  const mode = statSync(frontSock).mode
  assert.ok(statSync(frontSock).isSocket())
  assert.equal(mode & 0o777, 0o600, `socket mode ${(mode & 0o777).toString(8)}`)

  const v6Port = p.port('fe', 0)
  const seen = new Set<string>()
  for (let i = 0; i < 2; i++) {
    const a = await getVia({ host: '::1', port: v6Port })
    assert.equal(a.status, 200)
    seen.add(a.server)
    const b = await getVia({ socketPath: frontSock })
    assert.equal(b.status, 200)
    seen.add(b.server)
  }
  assert.deepEqual([...seen].sort(), ['unix', 'v6'], 'both the IPv6 and the unix-socket server answered')
})

test('a stale socket file from a crashed run does not prevent binding', async (t) => {
  const tmp = tempDir()
  t.after(() => tmp.cleanup())
  const sock = join(tmp.dir, 'stale.sock')
  // A process killed by SIGKILL leaves its socket file behind.
  spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(sock)}, () => process.kill(process.pid, 'SIGKILL'))`])
  assert.ok(statSync(sock).isSocket(), 'stale socket file exists')
  const b = await httpBackend('b')
  t.after(() => b.close())
  const p = await startDataplane(`
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s
frontend fe
  bind "${sock}"
  default_backend be
backend be
  server b 127.0.0.1:${b.port}
`)
  t.after(() => p.stop())
  const a = await getVia({ socketPath: sock })
  assert.equal(a.status, 200)
  assert.equal(a.server, 'b')
})

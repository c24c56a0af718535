// balance source: the same client address always reaches the same server (mode tcp
// and mode http); different source addresses (127.0.0.2..) spread over the servers.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { rawServer, startDataplane } from '../harness/index.js'
import { farm, get } from './balance-helpers.js'

/** Connects from `localAddress` and reads until the server closes. */
function readAll (port: number, localAddress: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, localAddress })
    let text = ''
    s.setTimeout(3000, () => s.destroy(new Error('no answer')))
    s.on('data', (d: Buffer) => { text += d.toString() })
    s.on('error', reject)
    s.on('close', () => resolve(text))
  })
}

const SOURCES = Array.from({ length: 24 }, (_, i) => `127.0.0.${i + 2}`)

test('balance source in mode tcp: one client address, one server', async (t) => {
  const names = ['exim1', 'exim2', 'exim3']
  const ports: number[] = []
  for (const n of names) {
    const s = await rawServer(c => { c.end(n) })
    t.after(() => s.close())
    ports.push(s.port)
  }
  const p = await startDataplane(`
defaults
  mode tcp
  timeout connect 2s
  timeout client 5s
  timeout server 5s
frontend smtp
  bind 127.0.0.1:0
  default_backend smtp_servers
backend smtp_servers
  balance source
${names.map((n, i) => `  server ${n} 127.0.0.1:${ports[i]}`).join('\n')}
`)
  t.after(() => p.stop())
  const port = p.port('smtp')
  const chosen = new Map<string, string>()
  for (let round = 0; round < 3; round++) {
    for (const src of SOURCES) {
      const got = await readAll(port, src)
      assert.ok(names.includes(got), `from ${src}: '${got}'`)
      const before = chosen.get(src)
      if (before !== undefined) assert.equal(got, before, `${src} moved from ${before} to ${got}`)
      chosen.set(src, got)
    }
  }
  assert.ok(new Set(chosen.values()).size >= 2, `24 sources all hashed to ${[...new Set(chosen.values())].join(',')}`)
})

test('balance source in mode http: one client address, one server', async (t) => {
  const f = await farm(t, 'balance source', { s1: '', s2: '', s3: '' })
  const chosen = new Map<string, string>()
  for (let round = 0; round < 2; round++) {
    for (const src of SOURCES) {
      const r = await get(f.port, `/r${round}`, { localAddress: src })
      assert.equal(r.status, 200)
      const before = chosen.get(src)
      if (before !== undefined) assert.equal(r.server, before, `${src} moved`)
      chosen.set(src, r.server)
    }
  }
  assert.ok(new Set(chosen.values()).size >= 2)
})

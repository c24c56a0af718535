// 1 GiB through mode tcp in a spawned switchyard: every byte arrives, the proxy's
// memory stays flat (backpressure works: RSS growth < 64 MiB), within a time bound.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { readFileSync } from 'node:fs'
import { rawServer, runConfig, freePort, waitForPort } from '../harness/index.js'

const TOTAL = 1 << 30
const CHUNK = Buffer.alloc(1 << 20, 0x5a)
const LIMIT_MS = 60_000

function rssBytes (pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (m === null) throw new Error(`no VmRSS for ${pid}`)
  return Number(m[1]) * 1024
}

/** Writes TOTAL bytes honouring backpressure, half-closes, resolves with the server's reply. */
function pump (port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, allowHalfOpen: true })
    let reply = ''
    let sent = 0
    s.setTimeout(10_000, () => s.destroy(new Error('transfer stalled for 10 s')))
    s.on('data', (d: Buffer) => { reply += d.toString() })
    s.on('end', () => s.end())
    s.on('error', reject)
    s.on('close', () => resolve(reply))
    const write = (): void => {
      while (sent < TOTAL) {
        sent += CHUNK.length
        if (!s.write(CHUNK)) { s.once('drain', write); return }
      }
      s.end()
    }
    s.on('connect', write)
  })
}

test('1 GiB through mode tcp with bounded proxy memory', { timeout: LIMIT_MS + 20_000 }, async (t) => {
  const sink = await rawServer(s => {
    let n = 0
    s.on('data', (d: Buffer) => { n += d.length })
    s.on('end', () => s.end(`${n}\n`))
  })
  t.after(() => sink.close())
  const port = await freePort()
  const sy = runConfig(`
global
  maxconn 100
defaults
  mode tcp
  timeout connect 2s
  timeout client 30s
  timeout server 30s
listen bulk
  bind 127.0.0.1:${port}
  server sink 127.0.0.1:${sink.port}
`)
  t.after(() => sy.stop())
  await waitForPort(port)
  const pid = sy.child.pid as number

  // Warm up (code paths, buffers), then take the baseline.
  const warm = await new Promise<string>((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, allowHalfOpen: true })
    let r = ''
    s.on('data', (d: Buffer) => { r += d.toString() })
    s.on('end', () => s.end())
    s.on('error', reject)
    s.on('close', () => resolve(r))
    s.end(Buffer.alloc(8 << 20))
  })
  assert.equal(warm, `${8 << 20}\n`)
  const baseline = rssBytes(pid)
  let peak = baseline
  const sampler = setInterval(() => { try { peak = Math.max(peak, rssBytes(pid)) } catch { /* exited */ } }, 50)
  t.after(() => clearInterval(sampler))

  const t0 = Date.now()
  const reply = await pump(port)
  const ms = Date.now() - t0
  clearInterval(sampler)
  peak = Math.max(peak, rssBytes(pid))

  assert.equal(reply, `${TOTAL}\n`, 'the server received every byte')
  assert.ok(ms < LIMIT_MS, `1 GiB took ${ms} ms`)
  const growth = peak - baseline
  assert.ok(growth < 64 * 1024 * 1024, `proxy RSS grew by ${(growth / 1048576).toFixed(1)} MiB (baseline ${(baseline / 1048576).toFixed(1)} MiB)`)
  t.diagnostic(`1 GiB in ${ms} ms (${(1024 / (ms / 1000)).toFixed(0)} MiB/s), RSS +${(growth / 1048576).toFixed(1)} MiB`)
  assert.equal(sy.child.exitCode, null, 'the proxy is still running')
})

/**
 * 1 GiB through mode http with bounded memory: a server streams a content-length
 * body, a client reads it (pausing now and then so backpressure has to work),
 * and the proxy process's RSS (bin/switchyard, /proc/<pid>/status) stays flat.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { freePort, rawServer, runConfig, waitForPort } from '../harness/index.js'

const GIB = 1024 * 1024 * 1024
const PIECE = Buffer.alloc(1024 * 1024, 0x61)

function rssKiB (pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))
  return m === null ? 0 : Number(m[1])
}

/** Writes `total` bytes with backpressure. */
async function stream (s: Socket, total: number): Promise<void> {
  let sent = 0
  while (sent < total && !s.destroyed) {
    const n = Math.min(PIECE.length, total - sent)
    sent += n
    if (!s.write(n === PIECE.length ? PIECE : PIECE.subarray(0, n))) {
      await new Promise<void>(resolve => {
        const done = (): void => { s.off('drain', done); s.off('close', done); resolve() }
        s.on('drain', done)
        s.on('close', done)
      })
    }
  }
}

test('1 GiB response through the proxy, RSS growth under 64 MiB', { timeout: 120_000 }, async (t) => {
  const be = await rawServer(s => {
    s.once('data', () => {
      s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${GIB}\r\nContent-Type: application/octet-stream\r\n\r\n`)
      void stream(s, GIB)
    })
  })
  t.after(() => be.close())
  const port = await freePort()
  const sy = runConfig(`
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
frontend fe
  bind 127.0.0.1:${port}
  default_backend be
backend be
  server s1 127.0.0.1:${be.port}
`)
  t.after(() => sy.stop())
  await waitForPort(port)
  const pid = sy.child.pid as number
  const before = rssKiB(pid)
  let peak = before

  const started = Date.now()
  const sock = connect({ port, host: '127.0.0.1' })
  t.after(() => sock.destroy())
  let head = ''
  let body = 0
  let nextPause = 64 * 1024 * 1024
  const sampler = setInterval(() => { peak = Math.max(peak, rssKiB(pid)) }, 50)
  t.after(() => clearInterval(sampler))
  await new Promise<void>((resolve, reject) => {
    sock.on('error', reject)
    sock.on('close', () => resolve())
    sock.on('data', (d: Buffer) => {
      if (!head.includes('\r\n\r\n')) {
        head += d.toString('latin1')
        const i = head.indexOf('\r\n\r\n')
        if (i < 0) return
        body += head.length - i - 4
        head = head.slice(0, i + 4)
      } else body += d.length
      if (body >= nextPause) {
        // A slow reader for a moment: the proxy must stop reading the server, not buffer.
        nextPause += 128 * 1024 * 1024
        sock.pause()
        setTimeout(() => sock.resume(), 100)
      }
      if (body >= GIB) sock.end()
    })
    sock.write('GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  })
  clearInterval(sampler)
  const ms = Date.now() - started
  assert.match(head, /^HTTP\/1\.1 200 OK\r\n/)
  assert.match(head, new RegExp(`\\r\\nContent-Length: ${GIB}\\r\\n`))
  assert.equal(body, GIB)
  const growth = (peak - before) / 1024
  assert.ok(growth < 64, `RSS grew by ${growth.toFixed(1)} MiB (from ${(before / 1024).toFixed(1)} MiB) in ${ms} ms`)
  t.diagnostic(`1 GiB in ${ms} ms, RSS ${(before / 1024).toFixed(1)} -> peak ${(peak / 1024).toFixed(1)} MiB`)
})

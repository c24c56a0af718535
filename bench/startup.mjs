#!/usr/bin/env node
// Startup time of `bin/switchyard -d`: from spawn until the frontend port accepts a
// connection, over N runs (default 10), on a small config (one frontend, one
// backend). Prints each run and the median; the target is < 500 ms (cli-contract
// section 2: VTest times unix-socket listeners and health checks from launch).
// Run after `npx tsc -b`: node bench/startup.mjs [runs]
import { spawn } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../bin/switchyard', import.meta.url))
const runs = Number(process.argv[2] ?? 10)
const TARGET_MS = 500

function freePort () {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
  })
}

function accepts (port) {
  return new Promise(resolve => {
    const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true) })
    s.once('error', () => resolve(false))
  })
}

function configFor (port) {
  return `global
  maxconn 1000
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend fe
  bind 127.0.0.1:${port}
  default_backend be
backend be
  balance roundrobin
  server s1 127.0.0.1:9
  server s2 127.0.0.1:9
`
}

/** One launch: ms from spawn to the first accepted connection (polling every 2 ms). */
async function once (dir) {
  const port = await freePort()
  const file = join(dir, 'bench.cfg')
  writeFileSync(file, configFor(port))
  const t0 = process.hrtime.bigint()
  const child = spawn(BIN, ['-d', '-f', file], { stdio: ['pipe', 'ignore', 'pipe'] })
  let err = ''
  child.stderr.on('data', (d) => { err += d })
  let exited = false
  child.once('exit', () => { exited = true })
  try {
    for (;;) {
      if (exited) throw new Error(`switchyard exited before accepting:\n${err}`)
      if (await accepts(port)) return Number(process.hrtime.bigint() - t0) / 1e6
      if (Number(process.hrtime.bigint() - t0) > 10e9) throw new Error('not accepting after 10 s')
      await new Promise(r => setTimeout(r, 2))
    }
  } finally {
    child.kill('SIGINT')
    if (!exited) await new Promise(r => child.once('exit', r))
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sy-bench-'))
try {
  const times = []
  for (let i = 0; i < runs; i++) {
    const ms = await once(dir)
    times.push(ms)
    console.log(`run ${i + 1}: ${ms.toFixed(1)} ms`)
  }
  times.sort((a, b) => a - b)
  const mid = Math.floor(times.length / 2)
  const median = times.length % 2 === 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2
  console.log(`median startup: ${median.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)}; target < ${TARGET_MS} ms)`)
  if (median >= TARGET_MS) process.exitCode = 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}

// Signals on a spawned `switchyard -d` (cli-contract section 3): SIGUSR1 is a soft
// stop (in-flight requests finish with 200, new connections are refused, exit 0);
// SIGINT kills by SIGINT (or exits 0); SIGTERM exits 0. bin/switchyard execs, so the
// PID spawned is the node process itself.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { readFileSync } from 'node:fs'
import { freePort, httpBackend, runConfig, waitForPort, type Spawned } from '../harness/index.js'
import { get } from './balance-helpers.js'

async function start (t: { after: (fn: () => Promise<void>) => void }, backendDelayMs = 0): Promise<{ sy: Spawned; port: number }> {
  const be = await httpBackend('slow', (_req, res) => {
    setTimeout(() => { res.setHeader('x-server', 'slow'); res.end('done') }, backendDelayMs)
  })
  t.after(() => be.close())
  const port = await freePort()
  const sy = runConfig(`
global
  maxconn 100
defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
frontend fe
  bind 127.0.0.1:${port}
  default_backend be
backend be
  server s1 127.0.0.1:${be.port}
`)
  t.after(() => sy.stop())
  await waitForPort(port)
  return { sy, port }
}

function refused (port: number): Promise<boolean> {
  return new Promise(resolve => {
    const s = connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(false) })
    s.once('error', () => resolve(true))
  })
}

async function exitWithin (sy: Spawned, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const timer = new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`still running after ${ms} ms:\n${sy.output()}`)), ms).unref())
  return Promise.race([sy.exited, timer])
}

test('the spawned PID is the node process (bin/switchyard execs)', async (t) => {
  const { sy } = await start(t)
  const cmdline = readFileSync(`/proc/${sy.child.pid as number}/cmdline`, 'utf8').split('\0')
  assert.match(cmdline[0] ?? '', /node/, `cmdline: ${cmdline.join(' ')}`)
  assert.ok(cmdline.some(a => a.endsWith('main.js')), `cmdline: ${cmdline.join(' ')}`)
})

test('SIGUSR1: in-flight request completes, new connections refused, exit 0', async (t) => {
  const { sy, port } = await start(t, 800)
  const inFlight = get(port, '/slow')
  await new Promise(r => setTimeout(r, 200))
  sy.child.kill('SIGUSR1')
  // Listeners close at once; the slow request is still being served.
  let wasRefused = false
  for (let i = 0; i < 50 && !wasRefused; i++) {
    wasRefused = await refused(port)
    if (!wasRefused) await new Promise(r => setTimeout(r, 10))
  }
  assert.equal(wasRefused, true, 'new connections are refused during the soft stop')
  assert.equal(sy.child.exitCode, null, 'still running while a request is in flight')
  const r = await inFlight
  assert.equal(r.status, 200)
  assert.equal(r.body, 'done')
  const e = await exitWithin(sy, 3000)
  assert.deepEqual(e, { code: 0, signal: null }, sy.output())
})

test('SIGINT: dies by SIGINT (or exits 0) within 2 s', async (t) => {
  const { sy, port } = await start(t)
  assert.equal((await get(port)).status, 200)
  sy.child.kill('SIGINT')
  const e = await exitWithin(sy, 2000)
  assert.ok(e.signal === 'SIGINT' || (e.code === 0 && e.signal === null), `exit ${JSON.stringify(e)}\n${sy.output()}`)
  assert.equal(await refused(port), true)
})

test('SIGINT with a request in flight still stops at once', async (t) => {
  const { sy, port } = await start(t, 5000)
  const inFlight = get(port, '/slow').catch((e: Error) => e)
  await new Promise(r => setTimeout(r, 200))
  sy.child.kill('SIGINT')
  const e = await exitWithin(sy, 2000)
  assert.ok(e.signal === 'SIGINT' || (e.code === 0 && e.signal === null), `exit ${JSON.stringify(e)}`)
  assert.ok(await inFlight instanceof Error, 'the in-flight request was cut')
})

test('SIGTERM: exits 0 within 2 s', async (t) => {
  const { sy, port } = await start(t)
  assert.equal((await get(port)).status, 200)
  sy.child.kill('SIGTERM')
  const e = await exitWithin(sy, 2000)
  assert.deepEqual(e, { code: 0, signal: null }, sy.output())
  assert.equal(await refused(port), true)
})

// Helpers shared by the bench scripts (run.mjs, rules.mjs): processes pinned to
// cores, ports, and wrk's output.
import { spawn, spawnSync } from 'node:child_process'
import net from 'node:net'

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' })
  return r.status === 0 ? r.stdout.trim() : undefined
}

export const haveTaskset = which('taskset') !== undefined
// Prefix argv with `taskset -c CORE` when available (taskset execs, so the PID is the command's).
export function pinned(core, argv) {
  return haveTaskset ? ['taskset', '-c', String(core), ...argv] : argv
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
  })
}

export async function waitForPort(port, child, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) return false
    const ok = await new Promise((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port })
      s.once('connect', () => { s.destroy(); resolve(true) })
      s.once('error', () => resolve(false))
      s.setTimeout(500, () => { s.destroy(); resolve(false) })
    })
    if (ok) return true
    await sleep(50)
  }
  return false
}

export async function stopChild(child, signal = 'SIGTERM', graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  try { process.kill(child.pid, signal) } catch { return }
  const t = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL') } catch { /* gone */ } }, graceMs)
  await exited
  clearTimeout(t)
}

// ---------------------------------------------------------------- wrk
const LAT_UNITS = { us: 0.001, ms: 1, s: 1000, m: 60000, h: 3600000 }
const SIZE_UNITS = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 }   // wrk's units are binary

function parseLatency(s) {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(s)
  return m ? Number(m[1]) * LAT_UNITS[m[2]] : undefined
}
function parseSize(s) {
  const m = /^([\d.]+)(B|KB|MB|GB|TB)$/.exec(s)
  return m ? Number(m[1]) * SIZE_UNITS[m[2]] : undefined
}

export function parseWrk(out) {
  const r = { rps: undefined, avgms: undefined, bytesPerSec: undefined, p50ms: undefined, p75ms: undefined, p90ms: undefined, p99ms: undefined,
    requests: undefined, durationS: undefined, bytesRead: undefined,
    socketErrors: { connect: 0, read: 0, write: 0, timeout: 0 }, non2xx3xx: 0 }
  let m
  if ((m = /Requests\/sec:\s+([\d.]+)/.exec(out))) r.rps = Number(m[1])
  if ((m = /^\s+Latency\s+(\S+)/m.exec(out))) r.avgms = parseLatency(m[1])
  if ((m = /Transfer\/sec:\s+(\S+)/.exec(out))) r.bytesPerSec = parseSize(m[1])
  for (const [pct, key] of [['50', 'p50ms'], ['75', 'p75ms'], ['90', 'p90ms'], ['99', 'p99ms']]) {
    if ((m = new RegExp(`^\\s+${pct}%\\s+(\\S+)`, 'm').exec(out))) r[key] = parseLatency(m[1])
  }
  if ((m = /(\d+) requests in ([\d.]+)(us|ms|s|m|h), (\S+) read/.exec(out))) {
    r.requests = Number(m[1])
    r.durationS = Number(m[2]) * LAT_UNITS[m[3]] / 1000
    r.bytesRead = parseSize(m[4])
  }
  if ((m = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out))) {
    r.socketErrors = { connect: Number(m[1]), read: Number(m[2]), write: Number(m[3]), timeout: Number(m[4]) }
  }
  if ((m = /Non-2xx or 3xx responses: (\d+)/.exec(out))) r.non2xx3xx = Number(m[1])
  return r
}


/**
 * One wrk run on core 0, killed if it overruns its duration by 20 s. `track` gets
 * the child so the caller can kill it on exit.
 */
export async function wrk(url, { seconds, conns, extraArgs = [], track = (c) => c }) {
  const argv = pinned(0, ['wrk', '-t1', `-c${conns}`, `-d${seconds}s`, '--latency', ...extraArgs, url])
  const child = track(spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] }))
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => { out += d })
  child.stderr.on('data', (d) => { err += d })
  const guard = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL') } catch { /* gone */ } }, (seconds + 20) * 1000)
  const code = await new Promise((r) => child.once('exit', (c, s) => r(c ?? s)))
  clearTimeout(guard)
  return { argv, code, stdout: out, stderr: err }
}

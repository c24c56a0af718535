#!/usr/bin/env node
// Switchyard vs HAProxy macro benchmark. `pnpm bench` (after `npx tsc -b`).
//
// nginx (backend) and wrk (client) are pinned to core 0, the proxy under test to core 1.
// Both proxies load the very same config text; each scenario is run in alternating
// rounds (switchyard, haproxy, switchyard, haproxy, ...) and the ratios are paired
// round by round. See bench/README.md for the targets.
//
// Environment:
//   BENCH_SECONDS     wrk -d per measured run (default 10)
//   BENCH_ROUNDS      rounds per scenario, each round = one switchyard + one haproxy run (default 2)
//   BENCH_WARMUP      seconds of unmeasured wrk load after each proxy start (default 1, 0 = none)
//   BENCH_CONNECTIONS wrk -c (default 50)
//   BENCH_SCENARIOS   comma-separated subset of: keepalive,close,tcp1m,http64k (default: all)
//   BENCH_NO_HAPROXY  set to 1 to run switchyard alone even if haproxy is installed
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sleep, which, haveTaskset, pinned, freePort, waitForPort, stopChild, parseWrk, wrk } from './lib.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..')
const switchyardBin = path.join(root, 'bin', 'switchyard')
const switchyardMain = path.join(root, 'cli', 'dist', 'src', 'main.js')

const envInt = (name, def) => {
  const v = process.env[name]
  if (v === undefined || v === '') return def
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) { console.error(`${name}=${v} is not a non-negative number`); process.exit(2) }
  return n
}
const SECONDS = Math.max(1, envInt('BENCH_SECONDS', 10))
const ROUNDS = Math.max(1, envInt('BENCH_ROUNDS', 2))
const WARMUP = envInt('BENCH_WARMUP', 1)
const CONNS = Math.max(1, envInt('BENCH_CONNECTIONS', 50))
const RSS_SAMPLE_MS = 200

// ---------------------------------------------------------------- process bookkeeping
const children = new Set()          // ChildProcess objects still alive
let tmpDir
let cleanedUp = false

function track(child) {
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

function killAllSync() {
  for (const c of children) {
    if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) {
      try { process.kill(c.pid, 'SIGKILL') } catch { /* already gone */ }
    }
  }
  children.clear()
}

function cleanup() {
  if (cleanedUp) return
  cleanedUp = true
  killAllSync()
  if (tmpDir) { try { fs.rmSync(tmpDir, { recursive: true, force: true }) } catch { /* ignore */ } }
}
process.on('exit', cleanup)
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.error(`\n${sig}: stopping, killing started processes`); cleanup(); process.exit(130) })
}
process.on('uncaughtException', (e) => { console.error(e); cleanup(); process.exit(1) })
process.on('unhandledRejection', (e) => { console.error(e); cleanup(); process.exit(1) })

function versionOf(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  return ((r.stdout || '') + (r.stderr || '')).split('\n')[0].trim()
}

async function waitForPortFree(port, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const free = await new Promise((resolve) => {
      const s = net.createServer()
      s.once('error', () => resolve(false))
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
    })
    if (free) return true
    await sleep(50)
  }
  return false
}

function startLogged(argv, logFile) {
  const fd = fs.openSync(logFile, 'a')
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', fd, fd] })
  fs.closeSync(fd)
  return track(child)
}

const tail = (file, n = 15) => {
  try { return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n') } catch { return '' }
}

// ---------------------------------------------------------------- RSS sampling
function rssKiB(pid) {
  // The process plus any descendants (switchyard is one process today; this stays right if it forks).
  let total = 0
  const seen = new Set()
  const stack = [pid]
  while (stack.length) {
    const p = stack.pop()
    if (seen.has(p)) continue
    seen.add(p)
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))
      if (m) total += Number(m[1])
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        const kids = fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim()
        if (kids) for (const k of kids.split(/\s+/)) stack.push(Number(k))
      }
    } catch { /* process gone */ }
  }
  return total
}

function sampleRss(pid) {
  let max = 0
  let samples = 0
  const take = () => { const v = rssKiB(pid); if (v > max) max = v; samples++ }
  take()
  const iv = setInterval(take, RSS_SAMPLE_MS)
  return { stop: () => { clearInterval(iv); take(); return { maxKiB: max, samples } } }
}

async function runWrk(url, seconds, extraArgs = []) {
  return wrk(url, { seconds, conns: CONNS, extraArgs, track })
}

// ---------------------------------------------------------------- sanity fetch
function fetchOnce(url, headers = {}, timeoutMs = 10000) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, headers }, (res) => {
      let n = 0
      let body = ''
      res.on('data', (d) => { n += d.length; if (body.length < 64) body += d.toString('latin1').slice(0, 64) })
      res.on('end', () => resolve({ status: res.statusCode, length: n, head: body }))
      res.on('error', (e) => resolve({ error: String(e) }))
    })
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response within ${timeoutMs} ms`)))
    req.on('error', (e) => resolve({ error: String(e) }))
  })
}

// ---------------------------------------------------------------- main
async function main() {
  if (process.platform !== 'linux') { console.error('bench/run.mjs needs Linux (/proc, taskset)'); process.exit(2) }
  const missing = ['wrk', 'nginx'].filter((c) => which(c) === undefined)
  if (missing.length) {
    console.error(`missing: ${missing.join(', ')}. Install with: apt-get update && apt-get install -y wrk haproxy nginx`)
    process.exit(2)
  }
  if (!fs.existsSync(switchyardMain)) { console.error(`switchyard is not built (${switchyardMain}); run: npx tsc -b`); process.exit(2) }
  let useHaproxy = which('haproxy') !== undefined && process.env.BENCH_NO_HAPROXY !== '1'
  if (!useHaproxy) {
    console.error(process.env.BENCH_NO_HAPROXY === '1'
      ? 'note: BENCH_NO_HAPROXY=1: running switchyard alone, no ratios.'
      : 'note: haproxy is not installed (apt-get install -y haproxy): running switchyard alone, no ratios.')
  }
  if (!haveTaskset) console.error('note: taskset not found: processes are not pinned to cores.')
  if (os.cpus().length < 2) console.error('note: fewer than 2 CPUs: pinning to core 1 will fail; results would be meaningless.')

  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchyard-bench-'))
  const www = path.join(tmpDir, 'www')
  fs.mkdirSync(www)
  fs.writeFileSync(path.join(www, '64k'), Buffer.alloc(64 * 1024, 'a'))
  fs.writeFileSync(path.join(www, '1m'), Buffer.alloc(1024 * 1024, 'b'))

  const nginxPort = await freePort()
  let httpPort = await freePort()
  while (httpPort === nginxPort) httpPort = await freePort()
  let tcpPort = await freePort()
  while (tcpPort === nginxPort || tcpPort === httpPort) tcpPort = await freePort()

  // --- nginx backend
  const nginxConf = `worker_processes 1;
daemon off;
master_process off;
pid ${tmpDir}/nginx.pid;
error_log ${tmpDir}/nginx-error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path ${tmpDir}/nginx-client-body;
  proxy_temp_path ${tmpDir}/nginx-proxy;
  fastcgi_temp_path ${tmpDir}/nginx-fastcgi;
  uwsgi_temp_path ${tmpDir}/nginx-uwsgi;
  scgi_temp_path ${tmpDir}/nginx-scgi;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 100000000;
  keepalive_timeout 75s;
  server {
    listen 127.0.0.1:${nginxPort} backlog=4096;
    root ${www};
    location = /small { default_type text/plain; return 200 "hello\\n"; }
    location = /64k { }
    location = /1m { }
  }
}
`
  fs.writeFileSync(path.join(tmpDir, 'nginx.conf'), nginxConf)
  const nginxLog = path.join(tmpDir, 'nginx-stdout.log')
  const nginx = startLogged(pinned(0, ['nginx', '-p', tmpDir, '-e', path.join(tmpDir, 'nginx-error.log'), '-c', path.join(tmpDir, 'nginx.conf')]), nginxLog)
  if (!(await waitForPort(nginxPort, nginx))) {
    console.error('nginx did not start:\n' + tail(nginxLog) + '\n' + tail(path.join(tmpDir, 'nginx-error.log')))
    process.exit(1)
  }
  for (const [p, len] of [['/small', 6], ['/64k', 65536], ['/1m', 1048576]]) {
    const r = await fetchOnce(`http://127.0.0.1:${nginxPort}${p}`)
    if (r.status !== 200 || r.length !== len) { console.error(`nginx ${p} check failed: ${JSON.stringify(r)}`); process.exit(1) }
  }

  // --- proxy config: one text, loaded by both proxies
  const cfgText = `# generated by bench/run.mjs: loaded as-is by switchyard and by haproxy
global
    nbthread 1
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend fe_http
    bind 127.0.0.1:${httpPort}
    default_backend be_http

backend be_http
    server s1 127.0.0.1:${nginxPort}

frontend fe_tcp
    mode tcp
    bind 127.0.0.1:${tcpPort}
    default_backend be_tcp

backend be_tcp
    mode tcp
    server s1 127.0.0.1:${nginxPort}
`
  const cfg = path.join(tmpDir, 'bench.cfg')
  fs.writeFileSync(cfg, cfgText)

  const proxies = [{ name: 'switchyard', argv: pinned(1, [switchyardBin, '-d', '-f', cfg]), check: [switchyardBin, '-c', '-f', cfg] }]
  if (useHaproxy) proxies.push({ name: 'haproxy', argv: pinned(1, ['haproxy', '-db', '-f', cfg]), check: ['haproxy', '-c', '-q', '-f', cfg] })
  for (const p of proxies) {
    const r = spawnSync(p.check[0], p.check.slice(1), { encoding: 'utf8' })
    if (r.status !== 0) { console.error(`${p.name} rejects the bench config:\n${r.stdout}${r.stderr}`); process.exit(1) }
  }

  const versions = {
    node: process.version,
    nginx: versionOf('nginx', ['-v']),
    wrk: versionOf('wrk', ['-v']),
    haproxy: useHaproxy ? versionOf('haproxy', ['-v']) : null,
  }

  const scenarios = [
    { id: 'keepalive', title: 'HTTP keep-alive /small', metric: 'rps', url: `http://127.0.0.1:${httpPort}/small`, args: [], bodyBytes: 6, target: 0.6 },
    { id: 'close', title: 'HTTP 1 req/conn /small', metric: 'rps', url: `http://127.0.0.1:${httpPort}/small`, args: ['-H', 'Connection: close'], bodyBytes: 6, target: 0.8 },
    { id: 'tcp1m', title: 'mode tcp 1 MiB', metric: 'MiB/s', url: `http://127.0.0.1:${tcpPort}/1m`, args: [], bodyBytes: 1048576, target: 1.2 },
    { id: 'http64k', title: 'HTTP 64 KiB', metric: 'MiB/s', url: `http://127.0.0.1:${httpPort}/64k`, args: [], bodyBytes: 65536, target: 0.9 },
  ]
  const only = (process.env.BENCH_SCENARIOS || '').split(',').map((s) => s.trim()).filter(Boolean)
  const selected = only.length ? scenarios.filter((s) => only.includes(s.id)) : scenarios
  if (!selected.length) { console.error(`BENCH_SCENARIOS matched nothing; ids: ${scenarios.map((s) => s.id).join(',')}`); process.exit(2) }

  const perRun = WARMUP + SECONDS + 3
  const est = selected.length * ROUNDS * proxies.length * perRun
  console.log(`switchyard bench: ${selected.map((s) => s.id).join(', ')}; ${ROUNDS} round(s) x ${proxies.map((p) => p.name).join(' + ')}; ` +
    `wrk -t1 -c${CONNS} -d${SECONDS}s (+${WARMUP}s warm-up); ~${Math.ceil(est / 60)} min`)
  console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`)

  const runs = []
  for (const sc of selected) {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const px of proxies) {
        const res = await runOne(sc, px, round, [httpPort, tcpPort])
        runs.push(res)
        const v = sc.metric === 'rps' ? res.rps : res.mibps
        const errs = res.errors.length ? `  ERRORS: ${res.errors.join('; ')}` : ''
        console.log(`  ${sc.id.padEnd(9)} r${round} ${px.name.padEnd(10)} ${fmt(v).padStart(9)} ${sc.metric.padEnd(5)} ` +
          `p50 ${fmtMs(res.p50ms)} p99 ${fmtMs(res.p99ms)} maxRSS ${fmtMiB(res.maxRssKiB)}${errs}`)
        if (nginx.exitCode !== null || nginx.signalCode !== null) { console.error('nginx died:\n' + tail(path.join(tmpDir, 'nginx-error.log'))); process.exit(1) }
      }
    }
  }

  // --- summary
  const summary = selected.map((sc) => summarize(sc, runs.filter((r) => r.scenario === sc.id), useHaproxy))
  printTable(summary, useHaproxy)
  console.log(`load average at end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`)

  const out = {
    date: new Date().toISOString(),
    host: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemMiB: Math.round(os.totalmem() / 1048576), kernel: os.release() },
    versions,
    settings: { seconds: SECONDS, rounds: ROUNDS, warmup: WARMUP, connections: CONNS, pinned: haveTaskset, rssSampleMs: RSS_SAMPLE_MS },
    targets: { keepaliveRatio: 0.6, closeRatio: 0.8, tcp1mRatio: 1.2, http64kRatio: 0.9, maxRssMiB: 80, p99RatioMax: 2 },
    config: cfgText,
    summary,
    runs,
  }
  const resultsDir = path.join(here, 'results')
  fs.mkdirSync(resultsDir, { recursive: true })
  const file = path.join(resultsDir, `${out.date.replace(/[:.]/g, '-')}.json`)
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n')
  console.log(`results: ${path.relative(process.cwd(), file)}`)

  await stopChild(nginx, 'SIGQUIT')
  cleanup()
}

async function runOne(sc, px, round, ports) {
  const log = path.join(tmpDir, `${px.name}-${sc.id}-r${round}.log`)
  const errors = []
  for (const p of ports) {
    if (!(await waitForPortFree(p))) errors.push(`port ${p} still busy before start`)
  }
  const child = startLogged(px.argv, log)
  const base = { scenario: sc.id, proxy: px.name, round, pid: child.pid }
  try {
    const up = (await waitForPort(ports[0], child)) && (await waitForPort(ports[1], child))
    if (!up) {
      errors.push(`did not start: ${tail(log, 5).replace(/\n/g, ' | ')}`)
      return { ...base, errors }
    }
    // One plain request first: catches a broken path before wrk hammers it.
    const chk = await fetchOnce(sc.url, sc.id === 'close' ? { Connection: 'close' } : {})
    if (chk.error || chk.status !== 200 || chk.length !== sc.bodyBytes) {
      errors.push(`sanity GET ${new URL(sc.url).pathname}: ${chk.error ?? `status ${chk.status}, ${chk.length} body bytes (want ${sc.bodyBytes})`}`)
    }
    if (WARMUP > 0) await runWrk(sc.url, WARMUP, sc.args)
    const rss = sampleRss(child.pid)
    const w = await runWrk(sc.url, SECONDS, sc.args)
    const { maxKiB, samples } = rss.stop()
    const p = parseWrk(w.stdout)
    if (w.code !== 0) errors.push(`wrk exit ${w.code}: ${w.stderr.trim().split('\n').slice(-2).join(' ')}`)
    if (p.rps === undefined) errors.push('could not parse wrk output')
    const se = p.socketErrors
    if (se.connect || se.read || se.write || se.timeout) {
      errors.push(`socket errors: connect ${se.connect}, read ${se.read}, write ${se.write}, timeout ${se.timeout}`)
    }
    if (p.non2xx3xx) errors.push(`non-2xx/3xx responses: ${p.non2xx3xx}`)
    // Bytes per response well below the body size means truncated responses.
    const bytesPerReq = p.requests ? p.bytesRead / p.requests : undefined
    if (bytesPerReq !== undefined && bytesPerReq < sc.bodyBytes * 0.98) errors.push(`short responses: ${Math.round(bytesPerReq)} bytes/response on average`)
    // wrk only sees what completes: connections that are accepted and then never answered show
    // up neither as errors nor in the latency figures. Two checks catch that:
    // (1) closed loop, so rps should be near connections / mean latency (Little's law);
    const expected = p.avgms ? CONNS / (p.avgms / 1000) : undefined
    if (expected !== undefined && p.rps !== undefined && p.rps < 0.5 * expected) {
      errors.push(`stall: ${fmt(p.rps)} rps but ${CONNS} connections at ${fmtMs(p.avgms)} mean latency imply ~${fmt(expected)}; connections waited without a response (or a slow connect)`)
    }
    // (2) the proxy must still answer a fresh plain request after the run.
    const after = await fetchOnce(sc.url, {}, 3000)
    if (after.error || after.status !== 200 || after.length !== sc.bodyBytes) {
      errors.push(`after the run a fresh GET ${new URL(sc.url).pathname} fails: ${after.error ?? `status ${after.status}, ${after.length} bytes`}`)
    }
    const died = child.exitCode !== null || child.signalCode !== null
    if (died) errors.push(`proxy exited during the run (${child.exitCode ?? child.signalCode}): ${tail(log, 5).replace(/\n/g, ' | ')}`)
    return {
      ...base,
      rps: p.rps, mibps: p.bytesPerSec !== undefined ? p.bytesPerSec / 1048576 : undefined,
      avgms: p.avgms, p50ms: p.p50ms, p75ms: p.p75ms, p90ms: p.p90ms, p99ms: p.p99ms,
      requests: p.requests, bytesRead: p.bytesRead, bytesPerResponse: bytesPerReq,
      socketErrors: p.socketErrors, non2xx3xx: p.non2xx3xx,
      maxRssKiB: maxKiB, rssSamples: samples,
      proxyLogTail: tail(log, 20),
      errors, wrk: { argv: w.argv, exit: w.code, stdout: w.stdout, stderr: w.stderr },
    }
  } finally {
    await stopChild(child, 'SIGTERM')
  }
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (!v.length) return undefined
  const m = v.length >> 1
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2
}

function summarize(sc, runs, useHaproxy) {
  const val = (r) => (sc.metric === 'rps' ? r.rps : r.mibps)
  const sy = runs.filter((r) => r.proxy === 'switchyard')
  const hp = runs.filter((r) => r.proxy === 'haproxy')
  const pairs = []
  if (useHaproxy) {
    for (const a of sy) {
      const b = hp.find((x) => x.round === a.round)
      if (!b) continue
      const q = (x, y) => (x !== undefined && y ? x / y : undefined)
      pairs.push({ round: a.round, ratio: q(val(a), val(b)), p50Ratio: q(a.p50ms, b.p50ms), p99Ratio: q(a.p99ms, b.p99ms) })
    }
  }
  const maxOf = (xs) => { const v = xs.filter((x) => x !== undefined); return v.length ? Math.max(...v) : undefined }
  const s = {
    scenario: sc.id, title: sc.title, metric: sc.metric, target: sc.target,
    switchyard: median(sy.map(val)), haproxy: useHaproxy ? median(hp.map(val)) : undefined,
    ratio: median(pairs.map((p) => p.ratio)),
    ratioMin: pairs.length ? Math.min(...pairs.map((p) => p.ratio ?? Infinity)) : undefined,
    ratioMax: pairs.length ? Math.max(...pairs.map((p) => p.ratio ?? -Infinity)) : undefined,
    p50: { switchyard: median(sy.map((r) => r.p50ms)), haproxy: useHaproxy ? median(hp.map((r) => r.p50ms)) : undefined, ratio: median(pairs.map((p) => p.p50Ratio)) },
    p99: { switchyard: median(sy.map((r) => r.p99ms)), haproxy: useHaproxy ? median(hp.map((r) => r.p99ms)) : undefined, ratio: median(pairs.map((p) => p.p99Ratio)) },
    maxRssMiB: { switchyard: kibToMiB(maxOf(sy.map((r) => r.maxRssKiB))), haproxy: useHaproxy ? kibToMiB(maxOf(hp.map((r) => r.maxRssKiB))) : undefined },
    pairs,
    errors: runs.filter((r) => r.errors.length).map((r) => ({ proxy: r.proxy, round: r.round, errors: r.errors })),
  }
  s.meetsTarget = {
    throughput: s.ratio === undefined ? undefined : s.ratio >= sc.target,
    p99: s.p99.ratio === undefined ? undefined : s.p99.ratio <= 2,
    rss: s.maxRssMiB.switchyard === undefined ? undefined : s.maxRssMiB.switchyard < 80,
  }
  return s
}

const kibToMiB = (k) => (k === undefined ? undefined : k / 1024)
function fmt(v) {
  if (v === undefined) return '-'
  return v >= 1000 ? Math.round(v).toString() : v.toFixed(1)
}
const fmtMs = (v) => (v === undefined ? '-' : v < 1 ? `${(v * 1000).toFixed(0)}us` : `${v.toFixed(2)}ms`)
const fmtMiB = (k) => (k === undefined ? '-' : `${(k / 1024).toFixed(1)}MiB`)
const fmtRatio = (r) => (r === undefined ? '-' : r.toFixed(2))
const mark = (ok) => (ok === undefined ? ' ' : ok ? ' ' : '!')

function printTable(summary, useHaproxy) {
  const head = ['scenario', 'unit', 'switchyard', 'haproxy', 'ratio', 'target', 'p50 sy/hap (x)', 'p99 sy/hap (x)', 'maxRSS sy/hap MiB', 'errors']
  const rows = summary.map((s) => [
    s.scenario, s.metric, fmt(s.switchyard), useHaproxy ? fmt(s.haproxy) : '-',
    fmtRatio(s.ratio) + mark(s.meetsTarget.throughput), `>=${s.target}`,
    `${fmtMs(s.p50.switchyard)}/${fmtMs(s.p50.haproxy)} (${fmtRatio(s.p50.ratio)})`,
    `${fmtMs(s.p99.switchyard)}/${fmtMs(s.p99.haproxy)} (${fmtRatio(s.p99.ratio)})${mark(s.meetsTarget.p99)}`,
    `${s.maxRssMiB.switchyard?.toFixed(1) ?? '-'}/${s.maxRssMiB.haproxy?.toFixed(1) ?? '-'}${mark(s.meetsTarget.rss)}`,
    s.errors.length ? s.errors.map((e) => `${e.proxy}:r${e.round}`).join(',') : 'none',
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells) => cells.map((c, i) => (i < 2 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  console.log('')
  console.log(line(head))
  for (const r of rows) console.log(line(r))
  console.log('ratio = switchyard/haproxy, median of per-round pairs; latency (x) = switchyard/haproxy; "!" = misses target (p99 <= 2x, RSS < 80 MiB)')
  for (const s of summary) {
    for (const e of s.errors) console.log(`errors ${s.scenario} ${e.proxy} r${e.round}: ${e.errors.join('; ')}`)
  }
}

main()

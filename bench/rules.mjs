#!/usr/bin/env node
// Rules cost: Switchyard with 50 ACLs and 20 header rewrites against Switchyard with
// none, same backend, same run, rounds alternating (plain, rules, plain, rules...).
// Target (issue 4): the rules config keeps at least 0.7 of the plain requests/s.
// `node bench/rules.mjs` after `npx tsc -b`; needs wrk (Debian package).
//
// Environment: BENCH_SECONDS (default 5), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 50).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { which, pinned, freePort, waitForPort, stopChild, parseWrk, sleep, wrk } from './lib.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONNS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const started = new Set()

function start (argv) {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] })
  started.add(child)
  child.once('exit', () => started.delete(child))
  return child
}
function killAll () { for (const c of started) { try { process.kill(c.pid, 'SIGKILL') } catch { /* gone */ } } }
process.on('exit', killAll)
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { killAll(); process.exit(130) })

/** 50 ACLs (none matches a plain GET /), 20 rewrites (set-header with samples, conditional ones, a replace). */
function rulesLines () {
  const out = []
  for (let i = 0; i < 50; i++) {
    const kinds = [`path_beg /p${i}/`, `hdr(x-team) -i team${i}`, `path_end .ext${i}`, `src 10.${i}.0.0/16`, `url_param(id) ${i}`]
    out.push(`  acl a${i} ${kinds[i % kinds.length]}`)
  }
  for (let i = 0; i < 10; i++) out.push(`  use_backend be if a${i} a${i + 10}`)
  for (let i = 0; i < 10; i++) out.push(`  http-request set-header X-Rule-${i} %[src]-${i}`)
  for (let i = 0; i < 6; i++) out.push(`  http-request add-header X-Cond-${i} yes unless a${20 + i} || a${30 + i}`)
  out.push('  http-request set-header X-Path %[path,lower]')
  out.push('  http-request del-header X-Unwanted')
  out.push('  http-request replace-header User-Agent (.*) bench-\\1')
  out.push('  http-request deny if a49 a48')
  return out.join('\n')
}

function config (port, backendPort, withRules) {
  return `global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend fe
    bind 127.0.0.1:${port}
${withRules ? rulesLines() : ''}
    default_backend be
backend be
    server s1 127.0.0.1:${backendPort}
`
}

async function runWrk (url) {
  const track = (c) => { started.add(c); c.once('exit', () => started.delete(c)); return c }
  return parseWrk((await wrk(url, { seconds: SECONDS, conns: CONNS, track })).stdout)
}

async function measure (cfgFile, port) {
  const sy = start(pinned(1, [path.join(root, 'bin', 'switchyard'), '-d', '-f', cfgFile]))
  if (!(await waitForPort(port, sy))) throw new Error('switchyard did not start')
  await runWrk(`http://127.0.0.1:${port}/`)          // warm-up, not counted
  const r = await runWrk(`http://127.0.0.1:${port}/`)
  await stopChild(sy)
  return r
}

async function main () {
  if (which('wrk') === undefined) { console.error('wrk is missing: apt-get install -y wrk'); process.exit(1) }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-bench-rules-'))
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
  const backend = http.createServer({ keepAliveTimeout: 60_000 }, (_req, res) => { res.writeHead(200, { 'content-length': 6 }); res.end('hello\n') })
  const backendPort = await freePort()
  await new Promise((r) => backend.listen(backendPort, '127.0.0.1', r))
  const port = await freePort()
  const plain = path.join(dir, 'plain.cfg')
  const rules = path.join(dir, 'rules.cfg')
  fs.writeFileSync(plain, config(port, backendPort, false))
  fs.writeFileSync(rules, config(port, backendPort, true))
  console.log(`rules bench: ${ROUNDS} round(s) of plain + rules, wrk -c${CONNS} -d${SECONDS}s; backend in this process (core 0 with wrk), switchyard on core 1`)
  const ratios = []
  for (let round = 1; round <= ROUNDS; round++) {
    const a = await measure(plain, port)
    await sleep(300)
    const b = await measure(rules, port)
    await sleep(300)
    const ratio = b.rps / a.rps
    ratios.push(ratio)
    console.log(`  r${round} plain ${a.rps.toFixed(0)} rps (p99 ${a.p99ms?.toFixed(2)} ms)  rules ${b.rps.toFixed(0)} rps (p99 ${b.p99ms?.toFixed(2)} ms)  ratio ${ratio.toFixed(2)}`)
  }
  ratios.sort((x, y) => x - y)
  const median = ratios[Math.floor(ratios.length / 2)]
  console.log(`rules/plain requests/s, median of ${ratios.length}: ${median.toFixed(2)} (target >= 0.70)${median >= 0.7 ? '' : ' !'}`)
  backend.close()
  process.exit(0)
}

main().catch((e) => { console.error(e); killAll(); process.exit(1) })

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../../bin/switchyard', import.meta.url))
const SEED = fileURLToPath(new URL('../../../examples/seed/', import.meta.url))

function run (args: string[], env: Record<string, string> = {}): { code: number | null; out: string } {
  const r = spawnSync(BIN, args, { env: { ...process.env, ...env }, encoding: 'utf8' })
  return { code: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') }
}

function tmpCfg (text: string, name = 'app.cfg'): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-cli-'))
  const f = join(dir, name)
  writeFileSync(f, text)
  return f
}

test('every seed talk config passes -c exactly as written', () => {
  const files = readdirSync(SEED).filter(f => f.endsWith('.cfg'))
  assert.ok(files.length >= 8)
  for (const f of files) {
    const r = run(['-c', '-f', join(SEED, f)])
    assert.equal(r.code, 0, `${f}: ${r.out}`)
    assert.match(r.out, /Configuration file is valid/)
  }
})

test('-c reports every alert of a file in HAProxy form and exits 1', () => {
  const f = tmpCfg('defaults\n  timeout server 5x\nfrontend fe\n  bind :8080\n  timout client 5s\n  default_backend nope\n')
  const r = run(['-c', '-f', f])
  assert.equal(r.code, 1)
  assert.match(r.out, /\[ALERT\] +\(\d+\) : config : parsing \[.*app\.cfg:2\] : 'timeout server' expects <time> as argument: unexpected unit 'x'/)
  assert.match(r.out, /parsing \[.*app\.cfg:5\] : unknown keyword 'timout' in 'frontend' section; did you mean 'timeout' maybe \?/)
  assert.match(r.out, /parsing \[.*app\.cfg:6\] : Proxy 'fe': unable to find required default_backend: 'nope'\./)
  assert.doesNotMatch(r.out, /Configuration file is valid/)
})

test('-f accepts several files and directories of *.cfg in name order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-cli-dir-'))
  mkdirSync(join(dir, 'conf.d'))
  writeFileSync(join(dir, 'conf.d', '20-backend.cfg'), 'backend be\n  mode http\n  server s1 127.0.0.1:8080\n')
  writeFileSync(join(dir, 'conf.d', '10-defaults.cfg'), 'defaults\n  mode http\n  timeout client 1s\n  timeout server 1s\n  timeout connect 1s\n')
  writeFileSync(join(dir, 'conf.d', 'ignored.txt'), 'garbage\n')
  writeFileSync(join(dir, 'front.cfg'), 'frontend fe\n  mode http\n  bind :8080\n  default_backend be\n')
  const r = run(['-c', '-f', join(dir, 'conf.d'), '-f', join(dir, 'front.cfg')])
  assert.equal(r.code, 0, r.out)
})

test('a missing file is a clear error', () => {
  const r = run(['-c', '-f', '/nonexistent/x.cfg'])
  assert.equal(r.code, 1)
  assert.match(r.out, /Could not open configuration file \/nonexistent\/x\.cfg : No such file or directory/)
})

test('environment variables reach the config, with defaults', () => {
  const f = tmpCfg('defaults\n  timeout client "${T-5s}"\n  timeout server "${T2}"\n  timeout connect 1s\n')
  assert.equal(run(['-c', '-f', f], { T2: '1s' }).code, 0)
  assert.equal(run(['-c', '-f', f], { T2: 'zz' }).code, 1)
})

test('-cc evaluates conditions: 0 when true, non-zero when false or unparsable', () => {
  assert.equal(run(['-cc', 'version_atleast(2.6-dev0)']).code, 0)
  assert.equal(run(['-cc', 'feature(OPENSSL) && feature(PCRE2)']).code, 0)
  assert.equal(run(['-cc', 'defined(SY_X)'], { SY_X: '1' }).code, 0)
  assert.notEqual(run(['-cc', 'defined(SY_NOT_SET_ANYWHERE)']).code, 0)
  assert.notEqual(run(['-cc', 'streq(a,b)']).code, 0)
  assert.notEqual(run(['-cc', 'version_atleast(2.6']).code, 0)
  assert.notEqual(run(['-cc', '1 garbage']).code, 0)
})

test('-v and -vv print the lines scripts parse', () => {
  const v = run(['-v'])
  assert.equal(v.code, 0)
  assert.match(v.out, /^Switchyard version \d+\.\d+\.\d+/)
  assert.match(v.out, /HAProxy version 2\.6/)
  const vv = run(['-vv'])
  assert.match(vv.out, /TARGET  = /)
  assert.match(vv.out, /Feature list : .*\+OPENSSL/)
})

test('-dK dumps the registered keywords by section', () => {
  const r = run(['-dKall'])
  assert.equal(r.code, 0)
  assert.match(r.out, /# List of registered keywords for section global:/)
  assert.match(r.out, /\ttimeout\ttimeout <name> <time>/)
  assert.match(r.out, /\tbalance\tbalance <algorithm>/)
})

test('flags in any order, unknown -d debug flags ignored, unknown flags rejected', () => {
  const f = tmpCfg('defaults\n  timeout client 1s\n  timeout server 1s\n  timeout connect 1s\n')
  assert.equal(run(['-dM', '-f', f, '-dW', '-q', '-c', '-L', 'peer1']).code, 0)
  assert.equal(run(['-c', '-W', '-S', 'fd@9', '-f', f, '-sf', '123', '456']).code, 0)
  const bad = run(['-Z', '-f', f])
  assert.equal(bad.code, 1)
  assert.match(bad.out, /unknown option '-Z'/)
  assert.match(bad.out, /Usage : switchyard/)
})

test('--help lists the flags and the service subcommands', () => {
  const r = run(['--help'])
  assert.equal(r.code, 0)
  for (const w of ['-f <cfgfile|cfgdir>', '-c check mode', '-cc', '-dK', 'dataplane', 'healthcheck', 'stats', 'syslog']) assert.ok(r.out.includes(w), w)
})


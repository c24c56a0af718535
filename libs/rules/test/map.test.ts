/**
 * Map converters (conv/map.ts): exact, prefix, suffix, substring, regex and IP
 * (longest prefix) lookups from a map file read once at load, the default value,
 * the _int/_ip output variants, and a dynamic use_backend name built with one.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StreamView } from '@switchyard/types'
import { compileExpr, converters, compileLogFormat } from '../src/index.js'
import { HAPROXY_CONVERTERS } from '../src/haproxy-samples.js'

const dir = mkdtempSync(join(tmpdir(), 'sy-map-'))
const hosts = join(dir, 'hosts.map')
writeFileSync(hosts, '# host -> backend\nshop.example.com be_shop\napi.example.com  be_api\n\n/static/ be_static\n')
const nets = join(dir, 'nets.map')
writeFileSync(nets, '10.0.0.0/8 internal\n10.1.0.0/16 lab\n2001:db8::/32 v6\n192.168.1.7 printer\n')
const weights = join(dir, 'weights.map')
writeFileSync(weights, '/a 10\n/b 20\n')

function view (target: string, headers: string[] = [], src = '10.1.2.3'): StreamView {
  return { src, srcPort: 1, dst: '127.0.0.1', dstPort: 80, frontend: 'fe', backend: undefined, request: { method: 'GET', target, version: '1.1', headers }, response: undefined }
}

function run (expr: string, s: StreamView): unknown {
  const e = compileExpr(expr)
  assert.ok(e.ok, e.ok ? '' : e.reason)
  return e.value.eval(s)
}

test('map and map_str: exact match, default when absent, no sample without a default', () => {
  assert.equal(run(`req.hdr(host),lower,map(${hosts})`, view('/', ['Host', 'SHOP.example.com'])), 'be_shop')
  assert.equal(run(`req.hdr(host),map_str(${hosts},be_default)`, view('/', ['Host', 'other.example.com'])), 'be_default')
  assert.equal(run(`req.hdr(host),map_str(${hosts})`, view('/', ['Host', 'other.example.com'])), undefined)
})

test('map_beg, map_sub, map_end, map_reg take the first matching line', () => {
  assert.equal(run(`path,map_beg(${hosts})`, view('/static/x.css')), 'be_static')
  assert.equal(run(`path,map_sub(${hosts},none)`, view('/x/static/y')), 'be_static')
  assert.equal(run(`path,map_end(${weights},0)`, view('/x/b')), '20')
  writeFileSync(join(dir, 're.map'), '^/v[0-9]+/ versioned\n.* any\n')
  assert.equal(run(`path,map_reg(${join(dir, 're.map')})`, view('/v2/users')), 'versioned')
  assert.equal(run(`path,map_reg(${join(dir, 're.map')})`, view('/users')), 'any')
})

test('map_ip: the longest prefix wins, IPv4 and IPv6, and exact hosts', () => {
  assert.equal(run(`src,map_ip(${nets},outside)`, view('/', [], '10.1.2.3')), 'lab')
  assert.equal(run(`src,map_ip(${nets},outside)`, view('/', [], '10.200.0.1')), 'internal')
  assert.equal(run(`src,map_ip(${nets},outside)`, view('/', [], '2001:db8::5')), 'v6')
  assert.equal(run(`src,map_ip(${nets},outside)`, view('/', [], '192.168.1.7')), 'printer')
  assert.equal(run(`src,map_ip(${nets},outside)`, view('/', [], '172.16.0.1')), 'outside')
})

test('_int output: the value as an integer', () => {
  assert.equal(run(`path,map_str_int(${weights},0)`, view('/b')), 20)
  assert.equal(run(`path,map_str_int(${weights},7)`, view('/zz')), 7)
})

test('a missing or bad map file fails at load, naming the file', () => {
  const missing = compileExpr(`path,map(${join(dir, 'absent.map')})`)
  assert.ok(!missing.ok)
  assert.match(missing.reason, /cannot read map file '.*absent\.map'/)
  writeFileSync(join(dir, 'bad.map'), 'not-an-ip x\n')
  assert.ok(!compileExpr(`src,map_ip(${join(dir, 'bad.map')})`).ok)
})

test('log-format with a map: the dynamic backend name of use_backend %[...]', () => {
  const f = compileLogFormat(`%[req.hdr(host),lower,map(${hosts},be_default)]`)
  assert.ok(f.ok)
  assert.equal(f.value.render(view('/', ['Host', 'api.example.com'])), 'be_api')
})

test('every map converter name is one HAProxy 2.6 has', () => {
  const maps = converters.filter(c => c.kw.startsWith('map')).map(c => c.kw)
  assert.ok(maps.length >= 20)
  for (const m of maps) assert.ok(HAPROXY_CONVERTERS.has(m), m)
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseTime, parseSize, parseAddress, parseAddressList } from '../src/index.js'

test('times: every unit, bare numbers are milliseconds', () => {
  const cases: [string, number][] = [['100', 100], ['100ms', 100], ['5s', 5000], ['2m', 120_000], ['1h', 3_600_000], ['1d', 86_400_000], ['1500us', 2], ['0', 0]]
  for (const [text, ms] of cases) assert.deepEqual(parseTime(text), { ok: true, value: ms }, text)
})

test('times: bad unit and overflow are errors', () => {
  assert.equal(parseTime('5x').ok, false)
  assert.equal(parseTime('s').ok, false)
  assert.equal(parseTime('25d').ok, false)
})

test('sizes: k, m, g are powers of 1024', () => {
  assert.deepEqual(parseSize('20k'), { ok: true, value: 20480 })
  assert.deepEqual(parseSize('1m'), { ok: true, value: 1048576 })
  assert.deepEqual(parseSize('2g'), { ok: true, value: 2 * 1024 ** 3 })
  assert.deepEqual(parseSize('16384'), { ok: true, value: 16384 })
  assert.equal(parseSize('1t').ok, false)
})

const addr = (t: string, use: 'bind' | 'server' = 'bind'): unknown => {
  const r = parseAddress(t, use)
  return r.ok ? r.value.address : r.reason
}

test('addresses: wildcard forms bind IPv4 any', () => {
  for (const t of ['*:80', ':80', '0.0.0.0:80']) {
    assert.deepEqual(addr(t), { kind: 'inet', host: '0.0.0.0', family: 'ipv4', portLow: 80, portHigh: 80 }, t)
  }
})

test('addresses: IPv6 with brackets, unbracketed and ipv6@', () => {
  assert.deepEqual(addr('[::]:443'), { kind: 'inet', host: '::', family: 'ipv6', portLow: 443, portHigh: 443 })
  assert.deepEqual(addr(':::443'), { kind: 'inet', host: '::', family: 'ipv6', portLow: 443, portHigh: 443 })
  assert.deepEqual(addr('ipv6@:8080'), { kind: 'inet', host: '::', family: 'ipv6', portLow: 8080, portHigh: 8080 })
  assert.deepEqual(addr('ipv4@127.0.0.1:81'), { kind: 'inet', host: '127.0.0.1', family: 'ipv4', portLow: 81, portHigh: 81 })
})

test('addresses: unix sockets, fd@, port ranges', () => {
  assert.deepEqual(addr('unix@/run/a.sock'), { kind: 'unix', path: '/run/a.sock' })
  assert.deepEqual(addr('/run/b.sock'), { kind: 'unix', path: '/run/b.sock' })
  assert.deepEqual(addr('fd@3'), { kind: 'fd', fd: 3 })
  assert.deepEqual(addr(':8000-8010'), { kind: 'inet', host: '0.0.0.0', family: 'ipv4', portLow: 8000, portHigh: 8010 })
})

test('addresses: comma-separated lists', () => {
  const r = parseAddressList(':80,[::1]:81,unix@/x', 'bind')
  assert.ok(r.ok)
  assert.deepEqual(r.value.map(a => a.address.kind), ['inet', 'inet', 'unix'])
})

test('addresses: servers may omit the port or give an offset; host names need resolving', () => {
  assert.deepEqual(addr('10.0.0.1', 'server'), { kind: 'inet', host: '10.0.0.1', family: 'ipv4', portLow: 0, portHigh: 0, noPort: true })
  assert.deepEqual(addr('10.0.0.1:+1000', 'server'), { kind: 'inet', host: '10.0.0.1', family: 'ipv4', portLow: 1000, portHigh: 1000, portOffset: true })
  const r = parseAddress('localhost:80', 'server')
  assert.ok(r.ok && r.value.needsResolve)
})

test('addresses: errors name what is wrong', () => {
  assert.match(String(addr('10.0.0.1')), /missing port/)
  assert.match(String(addr(':99999')), /invalid port/)
  assert.match(String(addr(':90-80')), /invalid port range/)
  assert.match(String(addr('fd@abc')), /file descriptor/)
  assert.match(String(addr('bogus@x:1')), /unknown address family/)
  assert.match(String(addr('1.2.3.4:80-90', 'server')), /only valid on 'bind'/)
})

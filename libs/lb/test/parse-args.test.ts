import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balanceAlgorithms, findBalance, splitBalanceWord } from '../src/index.js'

function parse (word: string, ...rest: string[]) {
  const { name, inner } = splitBalanceWord(word)
  const def = findBalance(name)
  assert.ok(def, name)
  return def.parseArgs(inner === undefined ? rest : [inner, ...rest])
}

test('the table holds every algorithm once, with usage and flags', () => {
  assert.deepEqual([...balanceAlgorithms.keys()], [
    'roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'url_param', 'hdr', 'random', 'rdp-cookie', 'hash',
  ])
  for (const [name, def] of balanceAlgorithms) {
    assert.equal(def.name, name)
    assert.ok(def.usage.startsWith(name), def.usage)
  }
  assert.deepEqual([...balanceAlgorithms.values()].filter((d) => d.httpOnly).map((d) => d.name), ['uri', 'url_param', 'hdr'])
  assert.equal(findBalance('nope'), undefined)
})

test('splitBalanceWord splits hdr(), random() and rdp-cookie()', () => {
  assert.deepEqual(splitBalanceWord('hdr(Host)'), { name: 'hdr', inner: 'Host' })
  assert.deepEqual(splitBalanceWord('random(3)'), { name: 'random', inner: '3' })
  assert.deepEqual(splitBalanceWord('random()'), { name: 'random', inner: '' })
  assert.deepEqual(splitBalanceWord('roundrobin'), { name: 'roundrobin' })
  assert.deepEqual(splitBalanceWord('hdr(Host'), { name: 'hdr(Host' })
})

test('parseArgs accepts the documented forms', () => {
  assert.deepEqual(parse('roundrobin'), { ok: true, value: {} })
  assert.deepEqual(parse('uri', 'len', '10', 'depth', '2', 'whole', 'path-only'),
    { ok: true, value: { len: 10, depth: 2, whole: true, pathOnly: true } })
  assert.deepEqual(parse('url_param', 'uid', 'check_post', '64'), { ok: true, value: { param: 'uid', checkPost: true, maxWait: 64 } })
  assert.deepEqual(parse('hdr(Host)', 'use_domain_only'), { ok: true, value: { header: 'Host', useDomainOnly: true } })
  assert.deepEqual(parse('random'), { ok: true, value: { draws: 2 } })
  assert.deepEqual(parse('random()'), { ok: true, value: { draws: 2 } })
  assert.deepEqual(parse('random(5)'), { ok: true, value: { draws: 5 } })
  assert.deepEqual(parse('rdp-cookie'), { ok: true, value: { cookie: 'mstshash' } })
  assert.deepEqual(parse('rdp-cookie(user)'), { ok: true, value: { cookie: 'user' } })
  assert.deepEqual(parse('hash', 'req.hdr(host),lower'), { ok: true, value: { expr: 'req.hdr(host),lower' } })
})

test('parseArgs reports what was expected and what was found', () => {
  const reason = (r: ReturnType<typeof parse>): string => (r.ok ? '' : r.reason)
  assert.match(reason(parse('roundrobin', 'x')), /takes no argument, got 'x'/)
  assert.match(reason(parse('uri', 'len', '0')), /'len' expects a positive integer, got '0'/)
  assert.match(reason(parse('uri', 'foo')), /only accepts .* got 'foo'/)
  assert.match(reason(parse('url_param')), /requires an URL parameter name/)
  assert.match(reason(parse('url_param', 'u', 'post')), /only accepts 'check_post'/)
  assert.match(reason(parse('hdr()')), /requires an http header field name/)
  assert.match(reason(parse('hdr(Host)', 'x')), /only accepts 'use_domain_only'/)
  assert.match(reason(parse('random(0)')), /at least 1/)
  assert.match(reason(parse('rdp-cookie()')), /missing cookie name/)
  assert.match(reason(parse('hash')), /expects a sample expression/)
})

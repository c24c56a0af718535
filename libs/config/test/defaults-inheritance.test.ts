import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parse } from './helpers.js'

const cfg = `defaults tcpdefs
  mode tcp
  timeout connect 4s
  timeout client 5s
  timeout server 6s

defaults
  mode http
  timeout connect 1s
  timeout client 2s
  timeout server 3s
  option forwardfor
  retries 5
  balance leastconn
  default-server inter 3s rise 4
  default_backend be

frontend fe
  bind :8080
  timeout client 9s

backend be
  server s1 127.0.0.1:81 weight 7

backend be2 from tcpdefs
  server s1 127.0.0.1:82

defaults
  mode http
  timeout client 1m
  timeout connect 1m
  timeout server 1m

backend be3
  server s1 127.0.0.1:83
`

test('a proxy inherits from the last defaults section and overrides locally', () => {
  const { config, alerts } = parse(cfg)
  assert.deepEqual(alerts, [])
  const fe = config.proxies.find(p => p.name === 'fe')!
  assert.equal(fe.mode, 'http')
  assert.deepEqual(fe.timeouts, { connect: 1000, client: 9000, server: 3000 })
  assert.equal(fe.defaultBackend, 'be')
  assert.ok(fe.options['forwardfor']?.enabled)
  const be = config.proxies.find(p => p.name === 'be')!
  assert.equal(be.retries, 5)
  assert.deepEqual(be.balance, { algorithm: 'leastconn', args: [] })
  assert.equal(be.servers[0]?.inter, 3000)
  assert.equal(be.servers[0]?.rise, 4)
  assert.equal(be.servers[0]?.weight, 7)
})

test('`from NAME` picks a named defaults section; a later defaults resets everything', () => {
  const { config } = parse(cfg)
  const be2 = config.proxies.find(p => p.name === 'be2')!
  assert.equal(be2.mode, 'tcp')
  assert.equal(be2.from, 'tcpdefs')
  assert.deepEqual(be2.timeouts, { connect: 4000, client: 5000, server: 6000 })
  assert.equal(be2.balance, undefined)
  const be3 = config.proxies.find(p => p.name === 'be3')!
  assert.equal(be3.retries, 3)
  assert.equal(be3.options['forwardfor'], undefined)
  assert.equal(be3.timeouts.client, 60_000)
})

test('`no option` in a proxy cancels an option set in defaults', () => {
  const { config } = parse(`defaults\n  option httplog\n  option http-server-close\nfrontend f\n  bind :1\n  no option httplog\n  option http-keep-alive\n`)
  const f = config.proxies[0]!
  assert.equal(f.options['httplog']?.enabled, false)
  assert.equal(f.options['http-keep-alive']?.enabled, true)
  assert.equal(f.options['http-server-close'], undefined)
})

test('`from` naming a missing defaults section is an error', () => {
  const { alerts } = parse(`defaults web\nbackend b from wbe\n`)
  assert.deepEqual(alerts, ["parsing [t.cfg:2] : defaults section 'wbe' not found for backend; did you mean 'web' maybe ?"])
})

test('repeated global sections merge', () => {
  const { config } = parse(`global\n  maxconn 10\nglobal\n  nbthread 2\n`)
  assert.equal(config.global.maxconn, 10)
  assert.equal(config.global.nbthread, 2)
})

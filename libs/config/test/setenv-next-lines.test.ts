import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parse } from './helpers.js'

test('setenv/presetenv/unsetenv apply to the lines after them, not to the caller environment', () => {
  const env = { KEEP: 'from-env' }
  const { config, alerts } = parse(`global
  setenv PORT 8080
  presetenv KEEP from-config
  presetenv NEW from-config
  unsetenv NEW
  description "\${KEEP}"
frontend f
  bind ":\${PORT}"
.if defined(NEW)
  bind :1
.endif
  timeout client 5s
`, env)
  assert.deepEqual(alerts, [])
  const f = config.proxies[0]
  assert.equal(f?.binds.length, 1)
  assert.deepEqual(f?.binds[0]?.addresses.map(a => a.kind === 'inet' ? a.portLow : -1), [8080])
  assert.deepEqual(env, { KEEP: 'from-env' })
})

test('resetenv keeps only the names it lists', () => {
  const { alerts } = parse(`global
  resetenv A
frontend f
  bind ":\${A}"
  bind ":\${B}"
  timeout client 5s
`, { A: '81', B: '82' })
  assert.deepEqual(alerts, ["parsing [t.cfg:5] : 'bind' : missing port number: ':'. (column 8)"])
})

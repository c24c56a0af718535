import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parse } from './helpers.js'

test('.if/.elif/.else/.endif select lines, nested blocks included', () => {
  const { config, alerts } = parse(`global
.if defined(A)
  maxconn 100
.elif defined(B)
  maxconn 200
  .if 1
  nbthread 2
  .endif
.else
  maxconn 300
.endif
`, { B: '1' })
  assert.deepEqual(alerts, [])
  assert.equal(config.global.maxconn, 200)
  assert.equal(config.global.nbthread, 2)
})

test('inactive blocks are not evaluated nor parsed', () => {
  const { alerts, config } = parse(`global
.if 0
  this is not a keyword
  .if nosuchterm(1)
  .endif
.else
  maxconn 7
.endif
`)
  assert.deepEqual(alerts, [])
  assert.equal(config.global.maxconn, 7)
})

test('.diag/.notice/.warning/.alert report, and .alert fails the load', () => {
  const { diagnostics } = parse(`.notice "hello $USER"\n.warning careful\n.alert stop here\n`, { USER: 'bob' })
  assert.deepEqual(diagnostics.map(d => [d.severity, d.line, d.message]), [
    ['notice', 1, 'hello bob'], ['warning', 2, 'careful'], ['alert', 3, 'stop here']])
})

test('unbalanced directives are errors with their line', () => {
  assert.deepEqual(parse('.endif\n').alerts, ["parsing [t.cfg:1] : '.endif' without matching '.if'"])
  assert.deepEqual(parse('.if 1\n.else\n.else\n.endif\n').alerts, ["parsing [t.cfg:3] : '.else' after '.else' is unexpected"])
  assert.deepEqual(parse('.if 1\nglobal\n').alerts, ["parsing [t.cfg] : missing '.endif' at end of file for '.if' at line 1"])
  assert.match(parse('.if nosuch(1)\n.endif\n').alerts[0] ?? '', /^parsing \[t\.cfg:1\] : failed to evaluate condition: unknown term 'nosuch'/)
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balance, slots } from './helpers.js'

const ALGOS = ['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'url_param id', 'hdr(host)', 'random', 'rdp-cookie', 'hash req.hdr(x)']

for (const algo of ALGOS) {
  test(`${algo}: avoid prefers another server, falls back to it when alone`, () => {
    const servers = slots(1, 1, 1)
    const input = { src: '10.0.0.7', uri: '/a?id=3', header: () => 'h', key: 'k' }
    for (const mode of ['map-based', 'consistent'] as const) {
      const b = balance(algo, servers, { hash: { method: mode } })
      for (let i = 0; i < 10; i++) {
        const first = b.pick(input)
        assert.ok(first)
        const retry = b.pick(input, first)
        assert.ok(retry && retry !== first, `${mode}: retry went back to ${first.name}`)
      }
      const alone = slots(1)
      const single = balance(algo, alone, { hash: { method: mode } })
      assert.equal(single.pick(input, alone[0]), alone[0])
    }
  })
}

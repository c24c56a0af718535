/**
 * Invalid responses: garbage, an empty reply, or a bad header from the server
 * get the client HAProxy's 502 page and a close.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Socket } from 'node:net'
import { rawRequest, rawServer, startDataplane, simpleHttpConfig } from '../harness/index.js'

const PAGE_502 = 'HTTP/1.1 502 Bad Gateway\r\ncontent-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\r\n' +
  '<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n'

const SERVERS: readonly [string, (s: Socket) => void][] = [
  ['garbage', s => s.end('garbage\r\n\r\n')],
  ['garbage kept open', s => s.write('SSH-2.0-OpenSSH_9.2\r\n\r\n')],
  ['empty reply', s => s.end()],
  ['reset', s => s.resetAndDestroy()],
  ['space before colon', s => s.end('HTTP/1.1 200 OK\r\nX-Bad : v\r\nContent-Length: 2\r\n\r\nok')],
  ['conflicting content-length', s => s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok')],
  ['truncated head', s => s.end('HTTP/1.1 200 OK\r\nContent-Le')],
]

for (const [name, answer] of SERVERS) {
  test(`502 for a server answering: ${name}`, async (t) => {
    const be = await rawServer(s => s.once('data', () => answer(s)))
    t.after(() => be.close())
    const dp = await startDataplane(simpleHttpConfig(be.port))
    t.after(() => dp.stop())
    const r = await rawRequest(dp.port('fe'), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 3000 })
    assert.equal(r.text, PAGE_502)
    assert.equal(r.closed, true)
    assert.ok(r.ms < 1000, `502 after ${r.ms} ms`)
    assert.equal(dp.dataplane.backends.get('be')?.servers[0]?.slot.active, 0)
  })
}

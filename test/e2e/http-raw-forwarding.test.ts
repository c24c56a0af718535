/**
 * Heads on the wire: a canonical head is forwarded as its own bytes minus the
 * hop-by-hop lines (Connection, Keep-Alive, Proxy-Connection); any other valid
 * head is rewritten in canonical form. Checked byte for byte in both directions
 * with raw sockets on the client side and a raw server recording what it got.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { startDataplane, scriptedHttpServer, simpleHttpConfig } from '../harness/index.js'

/** A keep-alive client connection that sends one request at a time and reads a known number of bytes back. */
class Client {
  private buf = Buffer.alloc(0)
  private wake: (() => void) | undefined
  private closed = false
  private constructor (private readonly sock: Socket) {
    sock.on('data', (d: Buffer) => { this.buf = Buffer.concat([this.buf, d]); this.wake?.() })
    sock.on('close', () => { this.closed = true; this.wake?.() })
    sock.on('error', () => sock.destroy())
  }

  static open (port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1' }, () => resolve(new Client(s)))
      s.once('error', reject)
    })
  }

  /** Sends `req`, then waits for `expected` bytes (or close, or 2 s) and returns what came. */
  async exchange (req: string, expected: number): Promise<string> {
    this.buf = Buffer.alloc(0)
    this.sock.write(Buffer.from(req, 'latin1'))
    const end = Date.now() + 2000
    while (this.buf.length < expected && !this.closed && Date.now() < end) {
      await new Promise<void>(resolve => {
        const t = setTimeout(resolve, 100)
        this.wake = () => { clearTimeout(t); resolve() }
      })
    }
    this.wake = undefined
    return this.buf.toString('latin1')
  }

  close (): void { this.sock.destroy() }
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'

test('requests: odd formatting arrives normalized, canonical heads arrive byte-identical minus hop-by-hop lines', async (t) => {
  const be = await scriptedHttpServer((_r, s) => { s.write(OK) })
  t.after(() => be.close())
  const p = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => p.stop())
  const c = await Client.open(p.port('fe'))
  t.after(() => c.close())

  const cases: { sent: string; arrives: string }[] = [
    {
      // Extra spaces around a value, no space after a colon, hop-by-hop headers.
      sent: 'GET /odd HTTP/1.1\r\nHost: sy.test\r\nX-Odd:   value  \r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nAccept:*/*\r\n\r\n',
      arrives: 'GET /odd HTTP/1.1\r\nHost: sy.test\r\nX-Odd: value\r\nAccept: */*\r\n\r\n',
    },
    {
      // Canonical: names keep their case, inner spaces stay, only the hop-by-hop lines go.
      sent: 'GET /canon?a=1 HTTP/1.1\r\nHost: sy.test\r\nconnection: keep-alive\r\nX-Case: MiXeD  inner\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nuser-agent: t/1\r\n\r\n',
      arrives: 'GET /canon?a=1 HTTP/1.1\r\nHost: sy.test\r\nX-Case: MiXeD  inner\r\nuser-agent: t/1\r\n\r\n',
    },
    {
      // Canonical without hop-by-hop lines, with a body: identical bytes.
      sent: 'POST /form HTTP/1.1\r\nHost: sy.test\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello',
      arrives: 'POST /form HTTP/1.1\r\nHost: sy.test\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello',
    },
    {
      // Leading empty line, runs of spaces in the request line, a tab after a colon, a trailing tab.
      sent: '\r\nGET  /spaced   HTTP/1.1\r\nHost:\tsy.test\r\nX-T: v\t\r\n\r\n',
      arrives: 'GET /spaced HTTP/1.1\r\nHost: sy.test\r\nX-T: v\r\n\r\n',
    },
    {
      // Bare LF line ends and a duplicate identical Content-Length: rebuilt.
      sent: 'PUT /x HTTP/1.1\nHost: sy.test\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi',
      arrives: 'PUT /x HTTP/1.1\r\nHost: sy.test\r\nContent-Length: 2\r\n\r\nhi',
    },
  ]
  for (const [i, k] of cases.entries()) {
    assert.equal(await c.exchange(k.sent, OK.length), OK, `answer ${i}`)
    const seen = be.seen[i]
    assert.ok(seen !== undefined, `request ${i} did not arrive`)
    assert.equal(Buffer.concat([seen.head, seen.body]).toString('latin1'), k.arrives, `request ${i}`)
  }
  // Everything went over one server connection, with nothing else on it.
  assert.equal(be.connections(), 1)
  assert.equal(be.received()[0]?.toString('latin1'), cases.map(k => k.arrives).join(''))
})

test('responses: a canonical head reaches the client byte-identical minus Connection/Keep-Alive, an odd one normalized', async (t) => {
  const responses: Record<string, { sent: string[]; arrives: string }> = {
    '/hop': {
      sent: ['HTTP/1.1 200 OK\r\nX-A: 1\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=100\r\nContent-Length: 5\r\n\r\nhello'],
      arrives: 'HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 5\r\n\r\nhello',
    },
    '/plain': {
      sent: ['HTTP/1.1 201 Created\r\nx-lower: v\r\nX-Inner: a  b\r\nContent-Length: 3\r\n\r\nabc'],
      arrives: 'HTTP/1.1 201 Created\r\nx-lower: v\r\nX-Inner: a  b\r\nContent-Length: 3\r\n\r\nabc',
    },
    '/split': {
      // Head and body in separate writes.
      sent: ['HTTP/1.1 200 OK\r\nconnection: Keep-Alive\r\nContent-Length: 4\r\n\r\n', 'body'],
      arrives: 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody',
    },
    '/chunked': {
      sent: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n5\r\nhello\r\n0\r\n\r\n'],
      arrives: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    },
    '/odd': {
      sent: ['HTTP/1.1 200 OK\r\nX-B:  2 \r\nContent-Length:3\r\nConnection: keep-alive\r\n\r\nxyz'],
      arrives: 'HTTP/1.1 200 OK\r\nX-B: 2\r\nContent-Length: 3\r\n\r\nxyz',
    },
    '/folded': {
      sent: ['HTTP/1.1 200 OK\r\nX-F: a\r\n b\r\nContent-Length: 1\r\n\r\nf'],
      arrives: 'HTTP/1.1 200 OK\r\nX-F: a   b\r\nContent-Length: 1\r\n\r\nf',
    },
  }
  const be = await scriptedHttpServer((r, s) => {
    const parts = responses[r.target]?.sent ?? ['HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n']
    s.write(parts[0] as string)
    if (parts[1] !== undefined) setTimeout(() => s.write(parts[1] as string), 50)
  })
  t.after(() => be.close())
  const p = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => p.stop())
  const c = await Client.open(p.port('fe'))
  t.after(() => c.close())
  for (const [path, k] of Object.entries(responses)) {
    const got = await c.exchange(`GET ${path} HTTP/1.1\r\nHost: sy.test\r\n\r\n`, k.arrives.length)
    assert.equal(got, k.arrives, path)
  }
  assert.equal(be.connections(), 1)
})

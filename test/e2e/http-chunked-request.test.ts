/**
 * Chunked request bodies reach the server intact (extensions, several chunks,
 * trailers), and the next request on the connection is framed correctly after them.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { httpBackend, rawRequest, rawServer, splitResponses, startDataplane, simpleHttpConfig } from '../harness/index.js'

/** Runs curl without blocking the event loop (the proxy runs in this process). */
function curl (args: string[], input: string | Buffer): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const p = spawn('curl', args)
    let stdout = ''
    let stderr = ''
    p.stdout.setEncoding('latin1').on('data', (d: string) => { stdout += d })
    p.stderr.setEncoding('latin1').on('data', (d: string) => { stderr += d })
    p.on('close', status => resolve({ status, stdout, stderr }))
    p.stdin.end(input)
  })
}

test('a chunked request body with trailers is forwarded byte for byte', async (t) => {
  let received = ''
  const be = await rawServer(s => {
    let answered = 0
    s.on('data', d => {
      received += d.toString('latin1')
      // Answers nothing before the whole body, then one response per request line.
      const heads = (received.match(/^(GET|POST) /gm) ?? []).length
      const bodyDone = /\r\n0\r\nX-Sum: 42\r\n\r\n/.test(received)
      const want = bodyDone ? heads : 0
      while (answered < want) { answered++; s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok') }
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  const body = '5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 42\r\n\r\n'
  const r = await rawRequest(dp.port('fe'), [
    'POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
    body.slice(0, 12), body.slice(12),
    'GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  ], { pauseMs: 30 })
  const res = splitResponses(r.text)
  assert.deepEqual(res.map(x => x.status), [200, 200])
  const [head, rest] = received.split('\r\n\r\n', 2) as [string, string]
  assert.match(head, /^POST \/up HTTP\/1\.1\r\n/)
  assert.match(head, /\r\nTransfer-Encoding: chunked(\r\n|$)/)
  assert.doesNotMatch(head, /content-length/i)
  assert.ok(received.includes('\r\n\r\n' + body + 'GET /next HTTP/1.1\r\n'), `server got ${JSON.stringify(received)}`)
  assert.ok(rest.startsWith('5;ext=1'))
})

test('curl streams a chunked upload from stdin', async (t) => {
  let te = ''
  let got = ''
  const be = await httpBackend('s1', (req, res) => {
    te = String(req.headers['transfer-encoding'])
    req.setEncoding('latin1')
    req.on('data', (d: string) => { got += d })
    req.on('end', () => res.end(`len ${got.length}`))
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  const body = 'chunk-data-'.repeat(50_000)
  const r = await curl(['-sS', '--max-time', '20', '-T', '-', `http://127.0.0.1:${dp.port('fe')}/up`], body)
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout, `len ${body.length}`)
  assert.equal(te, 'chunked')
  assert.equal(got, body)
})

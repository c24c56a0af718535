/**
 * Header names keep the case they were sent with, both ways (HAProxy's h1
 * mux lower-cases them unless told otherwise; clients and servers that care
 * about case are why switchyard keeps them as sent), and values are kept as sent.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rawRequest, rawServer, startDataplane, simpleHttpConfig } from '../harness/index.js'

test('the server sees X-MiXeD-Case and the client sees X-SeRvEr-Case as sent', async (t) => {
  let head = ''
  const be = await rawServer(s => {
    s.on('data', d => {
      head += d.toString('latin1')
      if (head.includes('\r\n\r\n')) s.end('HTTP/1.1 200 OK\r\nX-SeRvEr-Case: Value With  Spaces\r\nContent-Length: 0\r\n\r\n')
    })
  })
  t.after(() => be.close())
  const dp = await startDataplane(simpleHttpConfig(be.port))
  t.after(() => dp.stop())
  const r = await rawRequest(dp.port('fe'), 'GET /p?q=1 HTTP/1.1\r\nhOsT: example\r\nX-MiXeD-Case: AbC dEf\r\nACCEPT: */*\r\nConnection: close\r\n\r\n')
  assert.match(head, /^GET \/p\?q=1 HTTP\/1\.1\r\n/)
  assert.match(head, /\r\nhOsT: example\r\n/)
  assert.match(head, /\r\nX-MiXeD-Case: AbC dEf\r\n/)
  assert.match(head, /\r\nACCEPT: \*\/\*\r\n/)
  assert.match(r.text, /\r\nX-SeRvEr-Case: Value With {2}Spaces\r\n/)
})

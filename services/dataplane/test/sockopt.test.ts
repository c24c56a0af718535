/**
 * net/sockopt.ts: socket options set through libc. The FFI library is an optional
 * dependency that the test command installs, so here it must be available.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { createServer, connect } from 'node:net'
import { once } from 'node:events'
import { loadSocketOptions, socketFd } from '../src/net/sockopt.js'

type GetSockOpt = (fd: number, level: number, name: number, out: number[], len: number[]) => number

function getsockopt (): GetSockOpt {
  const koffi = createRequire(import.meta.url)('koffi') as { load (p: string): { func (s: string): GetSockOpt } }
  return koffi.load('libc.so.6').func('int getsockopt(int, int, int, _Out_ int*, _Inout_ uint32_t*)')
}

test('setsockopt is available on linux (koffi installed)', () => {
  assert.equal(loadSocketOptions().available, process.platform === 'linux')
})

test('quickAck sets TCP_QUICKACK on a connected socket', async () => {
  const server = createServer(s => s.on('error', () => undefined))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const socket = connect((server.address() as { port: number }).port, '127.0.0.1')
  await once(socket, 'connect')
  const fd = socketFd(socket)
  assert.ok(fd !== undefined && fd > 2)
  const get = getsockopt()
  const out = [0]
  // Linux turns quick ACKs off again by itself (delayed ACKs resume on an
  // interactive connection); right after setting it reads 1.
  assert.equal(loadSocketOptions().quickAck(socket), true)
  assert.equal(get(fd, 6, 12, out, [4]), 0)
  assert.equal(out[0], 1)
  socket.destroy()
  assert.equal(loadSocketOptions().quickAck(socket), false, 'a closed socket has no fd')
  server.close()
})

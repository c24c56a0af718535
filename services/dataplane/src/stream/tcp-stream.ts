/**
 * mode tcp: one client connection bridged to one server connection, both ways,
 * with backpressure (pipe pauses the faster side), half-close propagated
 * (allowHalfOpen on both sockets), inactivity timeouts, and retries on connect.
 * HAProxy reference: src/stream.c (TCP analysers off), src/mux_pt.c
 */
import type { Socket } from 'node:net'
import type { Frontend } from '../frontend.js'
import type { Backend } from '../backend/backend.js'
import { connectWithRetries } from '../backend/connect.js'
import type { StreamEvents } from './events.js'

export function startTcpStream (fe: Frontend, be: Backend, client: Socket, events: StreamEvents): void {
  let closed = false
  const session = { closeIfIdle: () => { /* a tcp stream is never idle: it finishes on its own */ } }
  fe.sessions.add(session)
  const finish = (): void => {
    if (closed) return
    closed = true
    fe.sessions.delete(session)
    events.closed()
  }
  client.once('close', finish)
  client.on('error', () => client.destroy())
  const clientTimeout = fe.timeout('client')
  if (clientTimeout > 0) client.setTimeout(clientTimeout, () => client.destroy())

  connectWithRetries({
    backend: be,
    input: { src: client.remoteAddress ?? '' },
    preferred: undefined,
    clientPort: client.localPort ?? 0,
    aborted: () => closed || client.destroyed,
  }, (err, r) => {
    if (err !== undefined || r === undefined) {
      events.noServer(err)
      client.destroy()
      return
    }
    const server = r.socket
    let released = false
    const release = (): void => {
      if (released) return
      released = true
      be.release(r.server)
    }
    server.once('close', () => { release(); client.destroy() })
    client.once('close', () => server.destroy())
    server.on('error', () => server.destroy())
    // Once both sides are connected the stream is a tunnel: `timeout tunnel`
    // supersedes the client and server timeouts (HAProxy, mode tcp).
    const tunnel = fe.timeout('tunnel') || be.timeout('tunnel')
    const serverTimeout = tunnel || be.timeout('server')
    if (tunnel > 0) client.setTimeout(tunnel)
    if (serverTimeout > 0) server.setTimeout(serverTimeout, () => { server.destroy(); client.destroy() })
    client.pipe(server)
    server.pipe(client)
    client.resume()
  })
}

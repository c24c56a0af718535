import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server as HttpServer } from 'node:http'
import { createServer, type Server, type Socket } from 'node:net'
import { rmSync } from 'node:fs'

export type Backend = {
  readonly port: number
  /** Connections accepted so far. */
  readonly connections: () => number
  /** Requests served so far. */
  readonly requests: () => number
  readonly close: () => Promise<void>
}

function closeServer (s: Server | HttpServer, sockets: Set<Socket>): Promise<void> {
  for (const c of sockets) c.destroy()
  return new Promise(resolve => s.close(() => resolve()))
}

/**
 * A node:http backend. The default handler answers "<name> <method> <url>" and
 * echoes request headers as `x-seen-<name>` JSON in `x-request-headers`.
 */
export async function httpBackend (name: string, handler?: (req: IncomingMessage, res: ServerResponse) => void, listen: { host?: string; path?: string } = {}): Promise<Backend> {
  let conns = 0
  let reqs = 0
  const sockets = new Set<Socket>()
  const srv = createHttpServer({ keepAliveTimeout: 10_000 }, (req, res) => {
    reqs++
    if (handler !== undefined) { handler(req, res); return }
    const body = `${name} ${req.method ?? ''} ${req.url ?? ''}`
    res.setHeader('x-server', name)
    res.setHeader('x-request-headers', JSON.stringify(req.rawHeaders))
    res.setHeader('content-length', Buffer.byteLength(body))
    res.end(body)
  })
  srv.on('connection', (s: Socket) => { conns++; sockets.add(s); s.on('close', () => sockets.delete(s)) })
  await new Promise<void>(resolve => {
    if (listen.path !== undefined) { rmSync(listen.path, { force: true }); srv.listen(listen.path, resolve) } else srv.listen(0, listen.host ?? '127.0.0.1', resolve)
  })
  const a = srv.address()
  return { port: typeof a === 'object' && a !== null ? a.port : 0, connections: () => conns, requests: () => reqs, close: () => closeServer(srv, sockets) }
}

/** A raw TCP server: `onSocket` gets each connection (for literal-byte servers and echo). */
export async function rawServer (onSocket: (s: Socket) => void, listen: { host?: string; path?: string } = {}): Promise<Backend> {
  let conns = 0
  const sockets = new Set<Socket>()
  const srv = createServer({ allowHalfOpen: true }, (s) => { conns++; sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => s.destroy()); onSocket(s) })
  await new Promise<void>(resolve => {
    if (listen.path !== undefined) { rmSync(listen.path, { force: true }); srv.listen(listen.path, resolve) } else srv.listen(0, listen.host ?? '127.0.0.1', resolve)
  })
  const a = srv.address()
  return { port: typeof a === 'object' && a !== null ? a.port : 0, connections: () => conns, requests: () => conns, close: () => closeServer(srv, sockets) }
}

/** Echoes every byte back and half-closes when the client does. */
export function tcpEcho (listen: { host?: string; path?: string } = {}): Promise<Backend> {
  return rawServer(s => { s.pipe(s) }, listen)
}

import { createServer, connect, type Socket } from 'node:net'

/** A port that was free a moment ago (for configs a spawned process binds). */
export async function freePort (host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, host, () => {
      const a = s.address()
      const port = typeof a === 'object' && a !== null ? a.port : 0
      s.close(() => resolve(port))
    })
  })
}

/** Resolves when something accepts on host:port, polling every 20 ms up to `ms`. */
export async function waitForPort (port: number, host = '127.0.0.1', ms = 5000): Promise<void> {
  const end = Date.now() + ms
  for (;;) {
    const ok = await new Promise<boolean>(resolve => {
      const s = connect({ port, host }, () => { s.destroy(); resolve(true) })
      s.once('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > end) throw new Error(`nothing listens on ${host}:${port} after ${ms} ms`)
    await new Promise(r => setTimeout(r, 20))
  }
}

export type RawResult = { data: Buffer; text: string; closed: boolean; ms: number }

/**
 * Sends raw bytes (all at once, or in the given pieces with a pause between them),
 * then collects everything until the server closes or `timeoutMs` passes.
 */
export async function rawRequest (port: number, payload: string | Buffer | (string | Buffer)[], opts: { host?: string; timeoutMs?: number; pauseMs?: number; path?: string; endAfterWrite?: boolean } = {}): Promise<RawResult> {
  const started = Date.now()
  const sock: Socket = opts.path !== undefined ? connect({ path: opts.path }) : connect({ port, host: opts.host ?? '127.0.0.1' })
  const chunks: Buffer[] = []
  return new Promise((resolve, reject) => {
    let closed = false
    const timer = setTimeout(() => { sock.destroy(); finish() }, opts.timeoutMs ?? 3000)
    const finish = (): void => {
      clearTimeout(timer)
      const data = Buffer.concat(chunks)
      resolve({ data, text: data.toString('latin1'), closed, ms: Date.now() - started })
    }
    sock.on('data', d => chunks.push(d))
    sock.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'ECONNRESET') { closed = true; return } reject(e) })
    sock.on('close', () => { closed = true; finish() })
    sock.on('connect', async () => {
      const parts = Array.isArray(payload) ? payload : [payload]
      for (const p of parts) {
        sock.write(p)
        if (opts.pauseMs !== undefined) await new Promise(r => setTimeout(r, opts.pauseMs))
      }
      if (opts.endAfterWrite === true) sock.end()
    })
  })
}

/** Splits a raw HTTP/1.1 byte stream into responses (content-length or chunked bodies). */
export function splitResponses (text: string): { status: number; headers: Record<string, string>; body: string }[] {
  const out: { status: number; headers: Record<string, string>; body: string }[] = []
  let rest = text
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n')
    if (end < 0) break
    const lines = rest.slice(0, end).split('\r\n')
    const status = Number((lines[0] ?? '').split(' ')[1])
    const headers: Record<string, string> = {}
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':')
      headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim()
    }
    rest = rest.slice(end + 4)
    let body = ''
    if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length'])
      body = rest.slice(0, n)
      rest = rest.slice(n)
    } else if (headers['transfer-encoding']?.includes('chunked') === true) {
      for (;;) {
        const le = rest.indexOf('\r\n')
        const size = parseInt(rest.slice(0, le), 16)
        rest = rest.slice(le + 2)
        if (size === 0) { rest = rest.slice(rest.indexOf('\r\n') + 2); break }
        body += rest.slice(0, size)
        rest = rest.slice(size + 2)
      }
    } else if (status >= 200 && status !== 204 && status !== 304) {
      body = rest
      rest = ''
    }
    out.push({ status, headers, body })
  }
  return out
}

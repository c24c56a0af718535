/**
 * Shared by the balance-*.test.ts files: one HTTP request per connection through
 * the data plane (so every request is a fresh balancing decision), and counting
 * which backend answered.
 */
import { request } from 'node:http'
import { httpBackend, startDataplane, type Backend, type InProcess } from '../harness/index.js'

export type Reply = { readonly status: number; readonly server: string; readonly body: string }

export type GetOptions = {
  readonly headers?: Record<string, string>
  /** Client source address (127.0.0.2, ... are all loopback on Linux). */
  readonly localAddress?: string
  readonly timeoutMs?: number
}

/** GET on a new connection; the answering backend's name comes from `x-server`. */
export function get (port: number, path = '/', opts: GetOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers: opts.headers, localAddress: opts.localAddress }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (d: Buffer) => chunks.push(d))
      res.on('end', () => {
        const server = res.headers['x-server']
        resolve({ status: res.statusCode ?? 0, server: typeof server === 'string' ? server : '', body: Buffer.concat(chunks).toString() })
      })
      res.on('error', reject)
    })
    req.setTimeout(opts.timeoutMs ?? 5000, () => req.destroy(new Error('request timed out')))
    req.on('error', reject)
    req.end()
  })
}

/** Runs `n` requests one after the other and counts answers per server name. */
export async function tally (n: number, one: (i: number) => Promise<Reply>): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const r = await one(i)
    if (r.status !== 200) throw new Error(`request ${i} got ${r.status}: ${r.body}`)
    counts.set(r.server, (counts.get(r.server) ?? 0) + 1)
  }
  return counts
}

export type Farm = {
  readonly backends: ReadonlyMap<string, Backend>
  readonly proxy: InProcess
  readonly port: number
}

/**
 * Starts one httpBackend per server name and a data plane whose backend `be`
 * has `backendLines` (balance, options) and one `server` line per entry:
 * `{ name: 'options' }`, e.g. `{ s1: 'weight 3', s2: 'backup' }`.
 */
export async function farm (t: { after: (fn: () => Promise<void> | void) => void }, backendLines: string, servers: Record<string, string>, mode: 'http' | 'tcp' = 'http'): Promise<Farm> {
  const backends = new Map<string, Backend>()
  for (const name of Object.keys(servers)) {
    const b = await httpBackend(name)
    t.after(() => b.close())
    backends.set(name, b)
  }
  const serverLines = Object.entries(servers).map(([name, o]) => `  server ${name} 127.0.0.1:${(backends.get(name) as Backend).port} ${o}`)
  const proxy = await startDataplane([
    'defaults',
    `  mode ${mode}`,
    '  timeout connect 2s',
    '  timeout client 5s',
    '  timeout server 5s',
    'frontend fe',
    '  bind 127.0.0.1:0',
    '  default_backend be',
    'backend be',
    ...backendLines.split('\n').map(l => `  ${l.trim()}`),
    ...serverLines,
    '',
  ].join('\n'))
  t.after(() => proxy.stop())
  return { backends, proxy, port: proxy.port('fe') }
}

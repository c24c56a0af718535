/**
 * Fetches about the proxies' live state: usable servers, connections, queues and
 * free slots of a backend (the current one when no name is given), a server's
 * state, a frontend's connections. Read from StreamView.proxies.
 * HAProxy reference: src/backend.c (nbsrv, be_conn, queue, avg_queue, connslots,
 * srv_is_up), src/frontend.c (fe_conn)
 */
import type { StreamView } from '@switchyard/types'
import { defineFetches, Arg, type ArgValue } from '../sample.js'

const backendArg = [Arg.str('backend', { optional: true })]

function backendOf (s: StreamView, a: readonly ArgValue[]): string | undefined {
  return a[0] === undefined ? s.backend : String(a[0])
}

export const stateFetches = defineFetches([
  { kw: 'nbsrv', out: 'int', use: 'any', args: backendArg, fetch: (s, a) => { const b = backendOf(s, a); return b === undefined ? undefined : s.proxies?.usableServers(b) } },
  { kw: 'be_conn', out: 'int', use: 'any', args: backendArg, fetch: (s, a) => { const b = backendOf(s, a); return b === undefined ? undefined : s.proxies?.backendConns(b) } },
  { kw: 'queue', out: 'int', use: 'any', args: backendArg, fetch: (s, a) => { const b = backendOf(s, a); return b === undefined ? undefined : s.proxies?.queued(b) } },
  { kw: 'avg_queue', out: 'int', use: 'any', args: backendArg, fetch: (s, a) => avgQueue(s, backendOf(s, a)) },
  { kw: 'connslots', out: 'int', use: 'any', args: backendArg, fetch: (s, a) => { const b = backendOf(s, a); return b === undefined ? undefined : s.proxies?.connSlots(b) } },
  { kw: 'srv_is_up', out: 'bool', use: 'any', args: [Arg.str('backend/server')], fetch: (s, a) => serverUp(s, String(a[0])) },
  { kw: 'fe_conn', out: 'int', use: 'any', args: [Arg.str('frontend', { optional: true })], fetch: (s, a) => s.proxies?.frontendConns(a[0] === undefined ? s.frontend : String(a[0])) },
])

/** Queued requests per usable server, rounded up; all of them when none is usable (HAProxy's avg_queue). */
function avgQueue (s: StreamView, backend: string | undefined): number | undefined {
  if (backend === undefined || s.proxies === undefined) return undefined
  const q = s.proxies.queued(backend)
  const n = s.proxies.usableServers(backend)
  if (q === undefined || n === undefined) return undefined
  return n === 0 ? q : Math.ceil(q / n)
}

/** `srv_is_up(backend/server)`, or `srv_is_up(server)` in the current backend. */
function serverUp (s: StreamView, ref: string): boolean | undefined {
  const slash = ref.indexOf('/')
  const backend = slash < 0 ? s.backend : ref.slice(0, slash)
  if (backend === undefined) return undefined
  return s.proxies?.serverUp(backend, slash < 0 ? ref : ref.slice(slash + 1))
}

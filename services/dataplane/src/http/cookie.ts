/**
 * Cookie persistence (`cookie NAME insert|rewrite|prefix ...` with server `cookie
 * VALUE`): the request's cookie picks its server, and the response carries the
 * cookie that brings the client back.
 * - insert: the proxy adds `Set-Cookie: NAME=VALUE; path=/` when the client did not
 *   come with a valid one (`indirect`: and strips NAME from the request the server
 *   sees); `nocache` adds `Cache-control: private` to a cacheable response that gets
 *   the cookie; `postonly` inserts on POST responses only; `preserve` leaves a
 *   response alone when the server set NAME itself.
 * - rewrite: the server's own `Set-Cookie: NAME=...` gets the server's value.
 * - prefix: the server's `NAME=v` becomes `NAME=VALUE~v` for the client, and the
 *   client's `NAME=VALUE~v` becomes `NAME=v` for the server.
 * - no mode: requests with the server's value go to it; nothing is rewritten.
 * HAProxy reference: src/http_ana.c http_manage_client_side_cookies(),
 * http_manage_server_side_cookies(), http_process_res_common() step 6
 */
import type { CookieModel } from '@switchyard/config'
import type { Server } from '../backend/server.js'

/** What the request's cookie said, kept for the response. */
export type CookieState = {
  /** The server the cookie named, when it was usable and chosen. */
  direct: Server | undefined
}

export class CookiePersistence {
  private readonly byValue = new Map<string, Server>()
  private readonly attrs: string

  constructor (readonly model: CookieModel, servers: readonly Server[]) {
    for (const s of servers) if (s.cookie !== undefined) this.byValue.set(s.cookie, s)
    let a = ''
    for (const d of model.domains) a += `; domain=${d}`
    if (model.httponly) a += '; HttpOnly'
    if (model.secure) a += '; Secure'
    for (const x of model.attrs) a += `; ${x}`
    this.attrs = a
  }

  /**
   * The server named by the request's cookie, if any (whether usable is the caller's
   * question): the first NAME value that names a server wins, as in HAProxy. In prefix
   * mode the server is the part before '~' (or the whole value without one).
   */
  serverOf (headers: readonly string[]): Server | undefined {
    for (const v of this.clientValues(headers)) {
      const tilde = this.model.mode === 'prefix' ? v.indexOf('~') : -1
      const s = this.byValue.get(tilde < 0 ? v : v.slice(0, tilde))
      if (s !== undefined) return s
    }
    return undefined
  }

  /** The values of NAME in the Cookie headers, in order (names and values are case-sensitive). */
  private clientValues (headers: readonly string[]): string[] {
    const name = this.model.name
    const out: string[] = []
    for (let i = 0; i < headers.length; i += 2) {
      if ((headers[i] as string).toLowerCase() !== 'cookie') continue
      for (const part of (headers[i + 1] as string).split(';')) {
        const eq = part.indexOf('=')
        if (eq > 0 && part.slice(0, eq).trim() === name) out.push(part.slice(eq + 1).trim())
      }
    }
    return out
  }

  /** Whether the request the server sees differs from the client's (a copy of the headers is then rewritten). */
  rewritesRequest (headers: readonly string[]): boolean {
    const values = this.clientValues(headers)
    if (this.model.mode === 'prefix') return values.some(v => v.includes('~'))
    return this.model.indirect && this.model.mode === 'insert' && values.length > 0
  }

  /** The request's headers for the server: NAME removed (insert indirect) or unprefixed (prefix). */
  requestHeaders (headers: readonly string[]): string[] {
    const out: string[] = []
    for (let i = 0; i < headers.length; i += 2) {
      const n = headers[i] as string
      const v = headers[i + 1] as string
      if (n.toLowerCase() !== 'cookie') { out.push(n, v); continue }
      const kept = this.rewriteCookieLine(v)
      if (kept !== '') out.push(n, kept)
    }
    return out
  }

  private rewriteCookieLine (line: string): string {
    const parts: string[] = []
    for (const raw of line.split(';')) {
      const part = raw.trim()
      const eq = part.indexOf('=')
      const isOurs = eq > 0 && part.slice(0, eq) === this.model.name
      if (!isOurs) { if (part !== '') parts.push(part); continue }
      if (this.model.mode === 'prefix') {
        const v = part.slice(eq + 1)
        const tilde = v.indexOf('~')
        parts.push(tilde < 0 ? part : `${this.model.name}=${v.slice(tilde + 1)}`)
      }
      // insert indirect: the cookie is the proxy's business, not the server's.
    }
    return parts.join('; ')
  }

  /**
   * Rewrites the response headers in place and returns the lines to add. `server`:
   * the one that answered; `state`: what the request's cookie said.
   */
  response (headers: string[], server: Server, state: CookieState, method: string, status: number): string[] {
    const mode = this.model.mode
    // prefix indirect: a client whose cookie is already right does not get the server's new one.
    if (mode === 'prefix' && this.model.indirect && state.direct === server) { this.dropOwnCookies(headers); return [] }
    if (mode === 'rewrite' || mode === 'prefix') { this.rewriteSetCookies(headers, server); return [] }
    if (mode !== 'insert') return []
    const serverSetsOwn = this.setsOwnCookie(headers)
    if (serverSetsOwn && this.model.preserve) return []
    if (serverSetsOwn) this.dropOwnCookies(headers)
    if (state.direct === server) return []
    if (this.model.postonly && method !== 'POST') return []
    const add: string[] = []
    add.push('Set-Cookie', server.cookie === undefined
      ? `${this.model.name}=; Expires=Thu, 01-Jan-1970 00:00:01 GMT; path=/${this.attrs}`
      : `${this.model.name}=${server.cookie}; path=/${this.attrs}`)
    if (this.model.nocache && cacheable(method, status, headers)) add.push('Cache-control', 'private')
    return add
  }

  private setsOwnCookie (headers: readonly string[]): boolean {
    for (let i = 0; i < headers.length; i += 2) {
      if ((headers[i] as string).toLowerCase() === 'set-cookie' && cookieName(headers[i + 1] as string) === this.model.name) return true
    }
    return false
  }

  private dropOwnCookies (headers: string[]): void {
    let w = 0
    for (let r = 0; r < headers.length; r += 2) {
      const own = (headers[r] as string).toLowerCase() === 'set-cookie' && cookieName(headers[r + 1] as string) === this.model.name
      if (own) continue
      headers[w++] = headers[r] as string
      headers[w++] = headers[r + 1] as string
    }
    headers.length = w
  }

  /** rewrite: NAME gets the server's value; prefix: NAME=v becomes NAME=VALUE~v. */
  private rewriteSetCookies (headers: string[], server: Server): void {
    if (server.cookie === undefined) return
    for (let i = 0; i < headers.length; i += 2) {
      if ((headers[i] as string).toLowerCase() !== 'set-cookie') continue
      const line = headers[i + 1] as string
      if (cookieName(line) !== this.model.name) continue
      const eq = line.indexOf('=')
      const semi = line.indexOf(';', eq)
      const value = semi < 0 ? line.slice(eq + 1) : line.slice(eq + 1, semi)
      const rest = semi < 0 ? '' : line.slice(semi)
      const next = this.model.mode === 'rewrite' ? server.cookie : `${server.cookie}~${value.trim()}`
      headers[i + 1] = `${line.slice(0, eq + 1)}${next}${rest}`
    }
  }
}

function cookieName (setCookie: string): string {
  const eq = setCookie.indexOf('=')
  return eq < 0 ? '' : setCookie.slice(0, eq).trim()
}

/** Statuses a cache may keep (RFC 7231 6.1), as HAProxy's check_response_for_cacheability. */
const CACHEABLE_STATUS = new Set([200, 203, 204, 206, 300, 301, 404, 405, 410, 414, 501])

/** Cache-Control elements that keep a response out of shared caches (compared whole). */
const BLOCKING = new Set(['private', 'no-cache', 'no-store', 'max-age=0', 's-maxage=0'])

/**
 * Whether a shared cache may keep this response (HAProxy 2.6's TX_CACHEABLE, checked on
 * the wire against haproxy 2.6.12): a GET, HEAD or OPTIONS answered with a cacheable
 * status, that says how long it stays fresh or how to revalidate it (Cache-Control
 * max-age or s-maxage, Expires, ETag or Last-Modified), and no Pragma: no-cache or
 * blocking Cache-Control element. The request's own headers do not matter.
 */
export function cacheable (method: string, status: number, resHeaders: readonly string[]): boolean {
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') return false
  if (!CACHEABLE_STATUS.has(status)) return false
  let fresh = false
  for (let i = 0; i < resHeaders.length; i += 2) {
    const n = (resHeaders[i] as string).toLowerCase()
    const v = (resHeaders[i + 1] as string).toLowerCase()
    if (n === 'pragma' && v.startsWith('no-cache')) return false
    if (n === 'expires' || n === 'etag' || n === 'last-modified') { fresh = true; continue }
    if (n !== 'cache-control') continue
    for (const d of v.split(',')) {
      const t = d.trim()
      if (BLOCKING.has(t)) return false
      if (t.startsWith('max-age=') || t.startsWith('s-maxage=')) fresh = true
    }
  }
  return fresh
}

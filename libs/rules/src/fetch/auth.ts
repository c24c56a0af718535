/**
 * HTTP basic authentication fetches: the request's Authorization credentials
 * checked against a userlist (http_auth), the authenticated user's groups
 * (http_auth_group), and the user name and password as sent.
 * HAProxy reference: src/http_fetch.c smp_fetch_http_auth(), smp_fetch_http_auth_grp()
 */
import type { StreamView } from '@switchyard/types'
import { defineFetches, Arg } from '../sample.js'

/** The user and password of an `Authorization: Basic` header, if well formed. */
export function basicCredentials (s: StreamView): { user: string; password: string } | undefined {
  const h = s.request?.headers
  if (h === undefined) return undefined
  for (let i = 0; i < h.length; i += 2) {
    if ((h[i] as string).toLowerCase() !== 'authorization') continue
    const m = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(h[i + 1] as string)
    if (m === null) return undefined
    const text = Buffer.from(m[1] as string, 'base64').toString('latin1')
    const colon = text.indexOf(':')
    return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) }
  }
  return undefined
}

function authenticated (s: StreamView, list: string): string | undefined {
  const c = basicCredentials(s)
  const ul = s.userlist?.(list)
  return c !== undefined && ul !== undefined && ul.verify(c.user, c.password) ? c.user : undefined
}

export const authFetches = defineFetches([
  { kw: 'http_auth', out: 'bool', use: 'req', args: [Arg.str('userlist')], fetch: (s, a) => authenticated(s, String(a[0])) !== undefined },
  {
    kw: 'http_auth_group',
    out: 'str',
    use: 'req',
    args: [Arg.str('userlist')],
    fetch: (s, a) => { const u = authenticated(s, String(a[0])); return u === undefined ? undefined : s.userlist?.(String(a[0]))?.groupsOf(u)[0] },
    each: (s, a) => { const u = authenticated(s, String(a[0])); return u === undefined ? [] : s.userlist?.(String(a[0]))?.groupsOf(u) ?? [] },
  },
  { kw: 'http_auth_user', out: 'str', use: 'req', fetch: (s) => basicCredentials(s)?.user },
  { kw: 'http_auth_pass', out: 'str', use: 'req', fetch: (s) => basicCredentials(s)?.password },
  { kw: 'http_auth_type', out: 'str', use: 'req', fetch: (s) => basicCredentials(s) === undefined ? undefined : 'basic' },
])

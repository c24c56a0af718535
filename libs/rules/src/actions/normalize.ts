/**
 * `http-request normalize-uri <normalizer>`: the URI rewrites HAProxy 2.6 offers to
 * make equivalent URIs compare equal before rules see them.
 * HAProxy reference: src/uri_normalizer.c, doc/configuration.txt "normalize-uri"
 */
import { type Result, ok, err } from '@switchyard/types'

type Normalizer = (target: string) => string

function splitQuery (t: string): [string, string | undefined] {
  const q = t.indexOf('?')
  return q < 0 ? [t, undefined] : [t.slice(0, q), t.slice(q + 1)]
}

function onPath (f: (path: string) => string): Normalizer {
  return (t) => { const [p, q] = splitQuery(t); return f(p) + (q === undefined ? '' : `?${q}`) }
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/

const NORMALIZERS: Readonly<Record<string, Normalizer>> = {
  'path-merge-slashes': onPath(p => p.replace(/\/{2,}/g, '/')),
  'path-strip-dot': onPath(stripDot),
  'path-strip-dotdot': onPath(stripDotDot),
  'percent-to-uppercase': (t) => t.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => `%${h.toUpperCase()}`),
  'percent-decode-unreserved': (t) => t.replace(/%([0-9a-fA-F]{2})/g, (m, h: string) => { const c = String.fromCharCode(Number.parseInt(h, 16)); return UNRESERVED.test(c) ? c : m }),
  'query-sort-by-name': (t) => { const [p, q] = splitQuery(t); return q === undefined ? t : `${p}?${q.split('&').sort((a, b) => name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0).join('&')}` },
  'fragment-strip': (t) => { const h = t.indexOf('#'); return h < 0 ? t : t.slice(0, h) },
}

function name (param: string): string {
  const eq = param.indexOf('=')
  return eq < 0 ? param : param.slice(0, eq)
}

/** `/a/./b` -> `/a/b`, `/a/.` -> `/a/`. */
function stripDot (p: string): string {
  const out = p.split('/').filter(seg => seg !== '.').join('/')
  return p.endsWith('/.') ? `${out}/` : out
}

/** `/a/b/../c` -> `/a/c`; a `..` above the root is kept, as HAProxy does without `full`. */
function stripDotDot (p: string): string {
  const out: string[] = []
  for (const seg of p.split('/')) {
    if (seg === '..' && out.length > 1 && out[out.length - 1] !== '..') { out.pop(); continue }
    out.push(seg)
  }
  return out.join('/')
}

export function normalizer (kind: string | undefined): Result<Normalizer> {
  const n = kind === undefined ? undefined : NORMALIZERS[kind]
  if (n === undefined) return err(`'normalize-uri' expects one of ${Object.keys(NORMALIZERS).join(', ')}, got '${kind ?? ''}'`)
  return ok(n)
}

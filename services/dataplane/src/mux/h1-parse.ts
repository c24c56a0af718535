/**
 * HTTP/1.x head codec for the h1 mux: parses request and response heads from raw bytes and writes edited heads back.
 * Owns: start-line and header syntax, message framing (Content-Length / Transfer-Encoding), anti-smuggling checks.
 * Does not own: chunked bodies (h1-chunked.ts), error pages, keep-alive policy.
 * HAProxy reference: src/h1.c h1_headers_to_hdr_list(), h1_parse_cont_len_header(), h1_parse_xfer_enc_header(); src/h1_htx.c
 * Invariant: one synchronous pass; module-level scratch state is only live during one call.
 */

export type HeadLimits = {
  /** Largest head accepted, leading empty lines and final empty line included (HAProxy: tune.bufsize - tune.maxrewrite). */
  readonly maxHead: number
  /** tune.http.maxhdr: as in HAProxy the start line counts, so at most maxHeaders - 1 header fields pass. */
  readonly maxHeaders: number
}

export type RequestHead = {
  readonly kind: 'request'
  readonly method: string
  readonly target: string
  readonly version: 10 | 11
  /** Flat [name, value, ...]: names as sent, values trimmed of OWS. Duplicate identical Content-Length / Host are folded into the first. */
  readonly headers: string[]
  /** Bytes from `start` to the end of the final empty line, skipped leading empty lines included. */
  readonly headLength: number
  readonly contentLength: number
  readonly chunked: boolean
  readonly connClose: boolean
  readonly connKeepAlive: boolean
  readonly upgrade: string | undefined
  readonly expectContinue: boolean
  /** Present when the head can be forwarded as received (see RawHead). */
  readonly raw: RawHead | undefined
}

/**
 * A head that is already in the form the proxy would write (single spaces, "Name: value"
 * lines, CRLF, nothing folded, merged or trimmed): forwarding it means copying its bytes
 * minus the hop-by-hop lines, instead of serializing the parsed fields again.
 */
export type RawHead = {
  /** The head's bytes, a view on the receive buffer: send it before that buffer is reused. */
  readonly bytes: Buffer
  /** [start, end) of each Connection, Keep-Alive and Proxy-Connection line, relative to bytes. */
  readonly hop: readonly number[]
}

export type ResponseHead = {
  readonly kind: 'response'
  readonly status: number
  readonly reason: string
  readonly version: 10 | 11
  readonly headers: string[]
  readonly headLength: number
  /** -1 when absent, or dropped because Transfer-Encoding is present. With neither framing the body runs to close. */
  readonly contentLength: number
  readonly chunked: boolean
  readonly connClose: boolean
  readonly connKeepAlive: boolean
  readonly upgrade: string | undefined
  readonly raw: RawHead | undefined
}

export type H1Error = {
  readonly kind: 'error'
  readonly status: 400 | 414 | 431 | 501 | 502
  readonly reason: string
  /** Position of the offending byte relative to `start` (HAProxy's err_pos). */
  readonly offset: number
}

type ErrStatus = H1Error['status']
type Latin1Buffer = Buffer & { latin1Slice (start: number, end: number): string }

const HT = 9
const LF = 10
const CR = 13
const SP = 32
const QUOTE = 34
const COMMA = 44
const COLON = 58
const BACKSLASH = 92

/** RFC 9110 tchar. */
const TCHAR = new Uint8Array(256)
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1
for (let c = 0x41; c <= 0x5a; c++) { TCHAR[c] = 1; TCHAR[c + 0x20] = 1 }

/** request-target bytes: VCHAR minus '#' (HAProxy rejects '#', CTLs and non-ASCII unless accept-unsafe-...). */
const URI_CHAR = new Uint8Array(256)
for (let c = 0x21; c <= 0x7e; c++) URI_CHAR[c] = 1
URI_CHAR[0x23] = 0

/** Field-value bytes in requests: HTAB, SP, VCHAR, obs-text. Any other CTL (NUL, DEL, ...) is an error. */
const REQ_VALUE = new Uint8Array(256)
REQ_VALUE[HT] = 1
for (let c = 0x20; c <= 0x7e; c++) REQ_VALUE[c] = 1
for (let c = 0x80; c <= 0xff; c++) REQ_VALUE[c] = 1

/** Field-value bytes in responses: as HAProxy, everything but NUL, CR and LF. */
const RSP_VALUE = new Uint8Array(256).fill(1)
RSP_VALUE[0] = RSP_VALUE[LF] = RSP_VALUE[CR] = 0

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1')

const lower = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0))
const N_HOST = lower('host')
const N_EXPECT = lower('expect')
const N_UPGRADE = lower('upgrade')
const N_CONNECTION = lower('connection')
const N_CONTENT_LENGTH = lower('content-length')
const N_TRANSFER_ENCODING = lower('transfer-encoding')
const N_KEEP_ALIVE = lower('keep-alive')
const N_PROXY_CONNECTION = lower('proxy-connection')
const T_CHUNKED = lower('chunked')
const T_CLOSE = lower('close')
const T_KEEP_ALIVE = lower('keep-alive')
const T_UPGRADE = lower('upgrade')
const T_100_CONTINUE = lower('100-continue')

// Entry kinds in the scratch table.
const E_PLAIN = 0
const E_FOLDED = 1      // response obs-fold: CR/LF become spaces, as HAProxy rewrites them
const E_CONTENT_LENGTH = 2

const TE_PRESENT = 1
const TE_CHUNKED = 2    // "chunked" seen somewhere
const TE_LAST = 4       // "chunked" is the last coding so far
const TE_OTHER = 8

const CONN_CLOSE = 1
const CONN_KAL = 2
const CONN_UPGRADE = 4

// Scratch state of the parse in progress: the parser is synchronous and never
// re-entered, so module-level slots replace a per-call state object.
let offs = new Int32Array(4 * 128)   // per field: name start, name end, value start, value end
let kinds = new Uint8Array(128)
let nFields = 0
let errStatus: ErrStatus = 400
let errReason = ''
let errAt = 0
let clValue = -1
let clAt = -1
let teFlags = 0
let teAt = -1
let connFlags = 0
let upgradeField = -1
let hostField = -1
let expectContinue = false
/** The head is byte for byte what writeRequestHead/writeResponseHead would produce from its fields. */
let canonical = true
/** Hop-by-hop header lines seen: start, end pairs (absolute offsets). */
const NO_HOP: readonly number[] = []
let hop: number[] | undefined

function fail (status: ErrStatus, reason: string, at: number): -1 {
  errStatus = status
  errReason = reason
  errAt = at
  return -1
}

function error (status: ErrStatus, reason: string, offset: number): H1Error {
  return { kind: 'error', status, reason, offset }
}

function reset (maxHeaders: number): void {
  if (kinds.length < maxHeaders) {
    offs = new Int32Array(4 * maxHeaders)
    kinds = new Uint8Array(maxHeaders)
  }
  nFields = 0
  clValue = -1
  clAt = -1
  teFlags = 0
  teAt = -1
  connFlags = 0
  upgradeField = -1
  hostField = -1
  expectContinue = false
  canonical = true
  hop = undefined
}

const isLws = (c: number): boolean => c === SP || c === HT || c === CR || c === LF

/** Case-insensitive compare of buf[a, b) with a lower-case token. */
function bytesEqi (buf: Buffer, a: number, b: number, tok: Uint8Array): boolean {
  if (b - a !== tok.length) return false
  for (let k = 0; k < tok.length; k++) if ((buf[a + k] | 0x20) !== tok[k]) return false
  return true
}

/**
 * Skips leading empty lines (RFC 9112 §2.2, HAProxy H1_MSG_RQBEFORE). Returns the first
 * byte of the start line, end when more data is needed, or -1 on a bare CR.
 */
function skipEmptyLines (buf: Buffer, p: number, end: number): number {
  while (p < end) {
    const c = buf[p]
    if (c === LF) p++
    else if (c === CR) {
      if (p + 1 === end) return end
      if (buf[p + 1] !== LF) return fail(400, 'bare CR', p + 1)
      p += 2
    } else break
  }
  return p
}

// Word-at-a-time skipping over long header values, as HAProxy does with
// is_char4_below_opt(). The Int32Array view of the last ArrayBuffer seen is
// kept: pooled Buffers share one, and a view costs more than a short value.
let wordsOf: ArrayBufferLike | undefined
let words: Int32Array<ArrayBufferLike> = new Int32Array(0)

function wordsFor (buf: Buffer): Int32Array<ArrayBufferLike> {
  const ab = buf.buffer
  if (wordsOf !== ab) {
    wordsOf = ab
    words = new Int32Array(ab, 0, ab.byteLength >> 2)
  }
  return words
}

/**
 * Index of the first byte at or after i that `table` refuses. Past 32 bytes, aligned
 * words of plain SP/VCHAR (requests) or of bytes >= 0x0e (responses) are skipped
 * without a per-byte lookup; any other word goes back to the byte loop. The caller
 * guarantees a refused byte (CR or LF) before lim.
 */
function skipValue (buf: Buffer, i: number, lim: number, table: Uint8Array): number {
  const j = i + 32
  while (i < j && table[buf[i]] === 1) i++
  if (i < j) return i
  // A long value: only now is the word view worth creating (one per receive buffer).
  const w32 = wordsFor(buf)
  const bo = buf.byteOffset
  while (((bo + i) & 3) !== 0) {
    if (table[buf[i]] !== 1) return i
    i++
  }
  let w = (bo + i) >> 2
  const wEnd = (bo + lim) >> 2
  if (table === REQ_VALUE) {
    // no byte < 0x20 and none > 0x7e (bit-twiddling hasless / hasmore)
    while (w < wEnd) {
      const x = w32[w]
      if (((((x - 0x20202020) & ~x) | (x + 0x01010101) | x) & 0x80808080) !== 0) break
      w++
    }
  } else {
    while (w < wEnd) {
      const x = w32[w]
      if (((x - 0x0e0e0e0e) & ~x & 0x80808080) !== 0) break
      w++
    }
  }
  i = (w << 2) - bo
  while (table[buf[i]] === 1) i++
  return i
}

/** Whether buf[p, lim) holds an empty line (CRLF or bare LF endings). Cheap native search first. */
function headComplete (buf: Buffer, p: number, lim: number): boolean {
  if (lim - p >= 3 && buf[lim - 1] === LF && (buf[lim - 2] === LF || (buf[lim - 2] === CR && buf[lim - 3] === LF))) return true
  const i = buf.indexOf(CRLFCRLF, p)
  if (i >= 0 && i + 4 <= lim) return true
  for (let j = buf.indexOf(LF, p); j >= 0 && j + 1 < lim; j = buf.indexOf(LF, j + 1)) {
    const c = buf[j + 1]
    if (c === LF || (c === CR && j + 2 < lim && buf[j + 2] === LF)) return true
  }
  return false
}

/** Where HAProxy's buffer-full verdict lands: 414 while still in the request line, 431 after. */
function tooLarge (buf: Buffer, p: number, lim: number, isResp: boolean, start: number): H1Error {
  if (isResp) return error(502, 'response head too large', lim - start)
  const lf = buf.indexOf(LF, p)
  if (lf < 0 || lf >= lim) return error(414, 'request line too long', lim - start)
  return error(431, 'request head too large', lim - start)
}

/** Returns the end of a comma-delimited element, skipping quoted strings (http_find_hdr_value_end). */
function elementEnd (buf: Buffer, p: number, e: number): number {
  let quoted = false
  let qdpair = false
  for (; p < e; p++) {
    const c = buf[p]
    if (qdpair) qdpair = false
    else if (quoted) {
      if (c === BACKSLASH) qdpair = true
      else if (c === QUOTE) quoted = false
    } else if (c === QUOTE) quoted = true
    else if (c === COMMA) return p
  }
  return p
}

/**
 * h1_parse_cont_len_header(): digits only, comma lists and repeats must agree.
 * Returns the length or -1. Limited to 2^53-1 where HAProxy stops at 2^64-1.
 */
function parseContentLength (buf: Buffer, p: number, e: number): number {
  let result = -1
  for (;;) {
    if (p >= e) return -1                       // empty value or empty element
    if (isLws(buf[p])) { p++; continue }
    let cl = 0
    let q = p
    for (; q < e; q++) {
      const d = buf[q] - 0x30
      if (d < 0 || d > 9) break
      cl = cl * 10 + d
      if (cl > Number.MAX_SAFE_INTEGER) return -1
    }
    if (q === p) return -1                      // '+5', '-1', 'abc'
    while (q < e && isLws(buf[q])) q++
    if (q < e && buf[q] !== COMMA) return -1
    if (result !== -1 && cl !== result) return -1
    result = cl
    if (q === e) return result
    p = q + 1
  }
}

/** h1_parse_xfer_enc_header() (HAProxy 2.8+ rules). Returns false when the header is invalid. */
function parseTransferEncoding (buf: Buffer, p: number, e: number, isResp: boolean): boolean {
  teFlags |= TE_PRESENT
  if (p === e) return false
  for (; p < e; p++) {
    if (isLws(buf[p])) continue
    const n = elementEnd(buf, p, e)
    if (n + 1 === e) return false               // trailing comma: empty last coding
    let w = n
    while (w > p && isLws(buf[w - 1])) w--
    teFlags &= ~TE_LAST
    if (w === p) return false                   // empty coding
    if (bytesEqi(buf, p, w, T_CHUNKED)) {
      if (teFlags & TE_CHUNKED) return false    // RFC 9112 §6.1: chunked at most once
      teFlags |= TE_CHUNKED | TE_LAST
    } else {
      if (!isResp && (teFlags & TE_CHUNKED)) return false  // a request must end with chunked
      teFlags |= TE_OTHER
    }
    p = n
  }
  return true
}

/** h1_parse_connection_header(): only flags are collected, the header stays as sent. */
function parseConnection (buf: Buffer, p: number, e: number): void {
  for (; p < e; p++) {
    if (isLws(buf[p])) continue
    const n = elementEnd(buf, p, e)
    let w = n
    while (w > p && isLws(buf[w - 1])) w--
    if (bytesEqi(buf, p, w, T_CLOSE)) connFlags |= CONN_CLOSE
    else if (bytesEqi(buf, p, w, T_KEEP_ALIVE)) connFlags |= CONN_KAL
    else if (bytesEqi(buf, p, w, T_UPGRADE)) connFlags |= CONN_UPGRADE
    p = n
  }
}

function valuesEqi (buf: Buffer, a: number, b: number, c: number, d: number): boolean {
  if (b - a !== d - c) return false
  for (let k = 0; k < b - a; k++) {
    const x = buf[a + k]
    const y = buf[c + k]
    if (x !== y && ((x | 0x20) !== (y | 0x20) || (x | 0x20) < 0x61 || (x | 0x20) > 0x7a)) return false
  }
  return true
}

/**
 * Parses header lines from i up to and including the empty line; the caller
 * guarantees one exists, so every loop is bounded by a CR or LF. Returns the
 * index past the final LF, or -1 with err* set.
 */
function parseFields (buf: Buffer, i: number, lim: number, isResp: boolean, maxHeaders: number, version: number): number {
  const valueOk = isResp ? RSP_VALUE : REQ_VALUE
  const bad: ErrStatus = isResp ? 502 : 400
  const maxFields = maxHeaders - 1            // the start line takes one slot, as in HAProxy
  const fieldOffs = offs
  const fieldKinds = kinds
  let n = 0
  for (;;) {
    let c = buf[i]
    if (c === CR) return buf[i + 1] === LF ? i + 2 : fail(bad, 'bare CR', i + 1)
    if (c === LF) { canonical = false; return i + 1 }

    const ns = i
    while (TCHAR[buf[i]] === 1) i++
    const ne = i
    if (buf[i] !== COLON || ne === ns) {
      if (ne === ns && (c === SP || c === HT)) return fail(bad, 'whitespace before first header', i)
      c = buf[i]
      return fail(bad, c === SP || c === HT ? 'whitespace before colon' : 'bad header name', i)
    }
    i++
    while (buf[i] === SP || buf[i] === HT) i++
    const vs = i
    let ve: number
    let kind = E_PLAIN
    for (;;) {
      i = skipValue(buf, i, lim, valueOk)
      c = buf[i]
      ve = i
      if (c === CR) {
        if (buf[i + 1] !== LF) return fail(bad, 'bare CR', i + 1)
        i += 2
      } else if (c === LF) { i++; canonical = false } else return fail(bad, c === 0 ? 'NUL in header value' : 'CTL in header value', i)
      c = buf[i]
      if (c !== SP && c !== HT) break
      // obs-fold: HAProxy unfolds it in both directions; requests are refused here (RFC 9112 §5.2 allows either).
      if (!isResp) return fail(400, 'obs-fold', i)
      kind = E_FOLDED
      canonical = false
    }
    const rawEnd = ve
    while (ve > vs && isLws(buf[ve - 1])) ve--
    if (ve !== rawEnd || vs !== ne + 2 || buf[ne + 1] !== SP) canonical = false

    let index = true
    switch (ne - ns) {
      case 4:
        if (!isResp && bytesEqi(buf, ns, ne, N_HOST)) {
          if (hostField >= 0) {
            const h = hostField * 4
            if (!valuesEqi(buf, fieldOffs[h + 2], fieldOffs[h + 3], vs, ve)) return fail(400, 'conflicting Host headers', vs)
            index = false
          }
        }
        break
      case 6:
        if (!isResp && version === 11 && bytesEqi(buf, ns, ne, N_EXPECT) && bytesEqi(buf, vs, ve, T_100_CONTINUE)) expectContinue = true
        break
      case 7:
        if (upgradeField < 0 && bytesEqi(buf, ns, ne, N_UPGRADE)) upgradeField = n
        break
      case 10:
        if (bytesEqi(buf, ns, ne, N_CONNECTION)) { parseConnection(buf, vs, ve); addHop(ns, i) } else if (bytesEqi(buf, ns, ne, N_KEEP_ALIVE)) addHop(ns, i)
        break
      case 14:
        if (bytesEqi(buf, ns, ne, N_CONTENT_LENGTH)) {
          const cl = parseContentLength(buf, vs, ve)
          if (cl < 0 || (clValue >= 0 && cl !== clValue)) return fail(bad, cl < 0 ? 'bad Content-Length' : 'conflicting Content-Length', vs)
          if (clValue >= 0) index = false
          else {
            if (!plainNumber(buf, vs, ve)) canonical = false
            clValue = cl
            clAt = ns
            kind = E_CONTENT_LENGTH
          }
        }
        break
      case 16:
        if (bytesEqi(buf, ns, ne, N_PROXY_CONNECTION)) addHop(ns, i)
        break
      case 17:
        if (bytesEqi(buf, ns, ne, N_TRANSFER_ENCODING)) {
          if (!parseTransferEncoding(buf, vs, ve, isResp)) return fail(bad, 'bad Transfer-Encoding', vs)
          teAt = ns
        }
        break
    }
    if (!index) { canonical = false; continue }
    if (n >= maxFields) return fail(bad, 'too many headers', ns)
    if (ne - ns === 4 && hostField < 0 && !isResp && bytesEqi(buf, ns, ne, N_HOST)) hostField = n
    const o = n * 4
    fieldOffs[o] = ns
    fieldOffs[o + 1] = ne
    fieldOffs[o + 2] = vs
    fieldOffs[o + 3] = ve
    fieldKinds[n++] = kind
    nFields = n
  }
}

function addHop (start: number, end: number): void {
  if (hop === undefined) hop = [start, end]
  else hop.push(start, end)
}

/** Digits without a leading zero: what String(number) gives back. */
function plainNumber (buf: Buffer, p: number, e: number): boolean {
  if (e - p > 1 && buf[p] === 0x30) return false
  for (; p < e; p++) if (buf[p] < 0x30 || buf[p] > 0x39) return false
  return true
}

/** The head's bytes and hop-by-hop lines when it is canonical (see RawHead). */
function rawHead (buf: Buffer, start: number, headEnd: number): RawHead | undefined {
  if (!canonical) return undefined
  const h = hop
  if (h !== undefined) for (let k = 0; k < h.length; k++) h[k] -= start
  return { bytes: start === 0 && headEnd === buf.length ? buf : buf.subarray(start, headEnd), hop: h ?? NO_HOP }
}

/** Replaces the CR/LF of folds by spaces, as HAProxy does, then trims SP/HTAB. Cold path. */
function unfold (v: string): string {
  v = v.replace(/[\r\n]/g, ' ')
  let a = 0
  let b = v.length
  while (a < b && (v.charCodeAt(a) === SP || v.charCodeAt(a) === HT)) a++
  while (b > a && (v.charCodeAt(b - 1) === SP || v.charCodeAt(b - 1) === HT)) b--
  return v.slice(a, b)
}

/** Builds the flat header list from the scratch table; `s` is the whole head decoded from `base`. */
function buildHeaders (s: string, base: number, dropContentLength: boolean): string[] {
  const fieldOffs = offs
  const n = nFields
  const headers: string[] = new Array<string>(2 * (dropContentLength && clAt >= 0 ? n - 1 : n))
  let h = 0
  for (let k = 0; k < n; k++) {
    const o = k * 4
    const kind = kinds[k]
    if (kind === E_CONTENT_LENGTH && dropContentLength) continue
    headers[h++] = s.slice(fieldOffs[o] - base, fieldOffs[o + 1] - base)
    if (kind === E_PLAIN) headers[h++] = s.slice(fieldOffs[o + 2] - base, fieldOffs[o + 3] - base)
    else if (kind === E_FOLDED) headers[h++] = unfold(s.slice(fieldOffs[o + 2] - base, fieldOffs[o + 3] - base))
    else headers[h++] = String(clValue)
  }
  return headers
}

function fieldValue (s: string, base: number, field: number): string | undefined {
  if (field < 0) return undefined
  const o = field * 4
  return s.slice(offs[o + 2] - base, offs[o + 3] - base)
}

/** HAProxy's enum http_meth_t: '*' is accepted for OPTIONS and for methods outside it. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE'])

/** http_get_host_port(): undefined when there is no port, '' for a trailing ':'. */
function hostPort (h: string): string | undefined {
  let i = h.length
  while (i > 0) {
    const c = h.charCodeAt(i - 1)
    if (c < 0x30 || c > 0x39) break
    i--
  }
  if (i === 0 || h.charCodeAt(i - 1) !== COLON) return undefined
  return h.slice(i)
}

function isDefaultPort (scheme: string | undefined, port: string): boolean {
  if (port === '') return true
  if (scheme === undefined) return port === '80' || port === '443'
  const sc = scheme.toLowerCase()
  return (port === '443' && sc === 'https://') || (port === '80' && sc === 'http://')
}

const eqi = (a: string, b: string): boolean => a.length === b.length && a.toLowerCase() === b.toLowerCase()

/**
 * Request-target form checks done by h1_headers_to_hdr_list() after the headers:
 * asterisk-form, authority-form only with CONNECT, absolute-form authority against Host.
 * Returns an error reason, or undefined. Cold unless the target is not origin-form.
 */
function checkTarget (method: string, target: string, host: string | undefined): string | undefined {
  const c0 = target.charCodeAt(0)
  if (c0 === 0x2f) return method === 'CONNECT' ? 'CONNECT needs authority-form' : undefined
  if (c0 === 0x2a) return target.length === 1 && (method === 'OPTIONS' || !KNOWN_METHODS.has(method)) ? undefined : 'bad asterisk-form'
  // http_parse_scheme(): ALPHA *( ALPHA / DIGIT / '+' / '-' / '.' ) "://"
  let i = 0
  let scheme: string | undefined
  if ((c0 | 0x20) >= 0x61 && (c0 | 0x20) <= 0x7a) {
    i = 1
    for (; i < target.length; i++) {
      const c = target.charCodeAt(i)
      const l = c | 0x20
      if (!((l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) break
    }
    if (target.startsWith('://', i)) scheme = target.slice(0, i + 3)
  }
  // http_parse_authority(parser, no_userinfo = 1): up to the first '/', after the last '@'
  let a = scheme === undefined ? 0 : scheme.length
  let b = a
  while (b < target.length && target.charCodeAt(b) !== 0x2f) {
    if (target.charCodeAt(b++) === 0x40) a = b
  }
  const authority = target.slice(a, b)
  const authPort = hostPort(authority)
  const authHost = authPort === undefined ? authority : authority.slice(0, authority.length - authPort.length - 1)
  const hPort = host === undefined ? undefined : hostPort(host)
  const hHost = host === undefined || hPort === undefined ? host : host.slice(0, host.length - hPort.length - 1)

  if (scheme === undefined) {
    // h1_validate_connect_authority()
    if (method !== 'CONNECT') return 'authority-form needs CONNECT'
    if (authPort === undefined || authPort === '') return 'CONNECT authority without port'
    if (host === undefined || hHost === undefined) return undefined
    if (hPort !== undefined && hPort !== '') return eqi(hHost, authHost) && hPort === authPort ? undefined : 'Host does not match authority'
    return isDefaultPort(undefined, authPort) && eqi(hHost, authHost) ? undefined : 'Host does not match authority'
  }
  if (method === 'CONNECT') return 'CONNECT needs authority-form'
  if (host === undefined || eqi(authority, host) || hHost === undefined) return undefined
  // h1_validate_mismatch_authority(): only a default port may differ
  if (authPort === undefined && hPort === undefined) return 'Host does not match authority'
  if (authPort !== undefined && !isDefaultPort(scheme, authPort)) return 'Host does not match authority'
  if (hPort !== undefined && !isDefaultPort(scheme, hPort)) return 'Host does not match authority'
  return eqi(authHost, hHost) ? undefined : 'Host does not match authority'
}

/** Parses a head from buf[start, end). Returns undefined when the head is incomplete (and within limits), an H1Error when invalid. */
export function parseRequestHead (buf: Buffer, start: number, end: number, limits: HeadLimits): RequestHead | H1Error | undefined {
  const lim = Math.min(end, start + limits.maxHead)
  const p = skipEmptyLines(buf, start, lim)
  if (p < 0) return error(errStatus, errReason, errAt - start)
  if (p < lim && TCHAR[buf[p]] !== 1) return error(400, 'bad method', p - start)
  if (p >= lim || !headComplete(buf, p, lim)) return end - start >= limits.maxHead ? tooLarge(buf, p, lim, false, start) : undefined

  // request-line: method SP+ target SP+ HTTP/1.x (HAProxy tolerates runs of SP/HTAB)
  let i = p
  while (TCHAR[buf[i]] === 1) i++
  const methodEnd = i
  let c = buf[i]
  if (c !== SP && c !== HT) return error(400, c === CR || c === LF ? 'HTTP/0.9 request' : 'bad method', i - start)
  do i++; while (buf[i] === SP || buf[i] === HT)
  let lineCanonical = p === start && c === SP && i === methodEnd + 1
  const targetStart = i
  while (URI_CHAR[buf[i]] === 1) i++
  const targetEnd = i
  c = buf[i]
  if (c !== SP && c !== HT) return error(400, c === CR || c === LF ? 'HTTP/0.9 request' : 'bad request target', i - start)
  do i++; while (buf[i] === SP || buf[i] === HT)
  if (c !== SP || i !== targetEnd + 1) lineCanonical = false
  // exactly HTTP/1.0 or HTTP/1.1; a mismatch stops at the line's CR/LF at the latest
  if (buf[i] !== 0x48 || buf[i + 1] !== 0x54 || buf[i + 2] !== 0x54 || buf[i + 3] !== 0x50 || buf[i + 4] !== 0x2f ||
      buf[i + 5] !== 0x31 || buf[i + 6] !== 0x2e || (buf[i + 7] !== 0x30 && buf[i + 7] !== 0x31) ||
      (buf[i + 8] !== CR && buf[i + 8] !== LF)) return error(400, 'bad version', i - start)
  const version = buf[i + 7] === 0x31 ? 11 : 10
  i += 8
  if (buf[i] === CR) {
    if (buf[i + 1] !== LF) return error(400, 'bare CR', i + 1 - start)
    i += 2
  } else { i++; lineCanonical = false }

  reset(limits.maxHeaders)
  canonical = lineCanonical
  const headEnd = parseFields(buf, i, lim, false, limits.maxHeaders, version)
  if (headEnd < 0) return error(errStatus, errReason, errAt - start)

  if (teFlags & TE_PRESENT) {
    // HAProxy drops C-L and forces close; the stricter answer here refuses the request outright.
    if (clValue >= 0) return error(400, 'Content-Length with Transfer-Encoding', Math.max(teAt, clAt) - start)
    if (!(teFlags & TE_LAST)) return error(400, 'Transfer-Encoding not ending with chunked', teAt - start)
  }

  const s = (buf as Latin1Buffer).latin1Slice(start, headEnd)
  const method = s.slice(p - start, methodEnd - start)
  const target = s.slice(targetStart - start, targetEnd - start)
  if (target.charCodeAt(0) !== 0x2f || method === 'CONNECT') {
    const bad = checkTarget(method, target, fieldValue(s, start, hostField))
    if (bad !== undefined) return error(400, bad, targetStart - start)
  }
  const chunked = (teFlags & TE_PRESENT) !== 0
  return {
    kind: 'request',
    method,
    target,
    version,
    headers: buildHeaders(s, start, false),
    headLength: headEnd - start,
    contentLength: chunked ? -1 : clValue,
    chunked,
    // T-E in an HTTP/1.0 message: HAProxy forces close (RFC 9112 §6.1)
    connClose: (connFlags & CONN_CLOSE) !== 0 || (chunked && version === 10),
    connKeepAlive: (connFlags & CONN_KAL) !== 0,
    upgrade: connFlags & CONN_UPGRADE ? fieldValue(s, start, upgradeField) : undefined,
    expectContinue,
    raw: rawHead(buf, start, headEnd),
  }
}

/** Parses a response head from buf[start, end); same contract as parseRequestHead(), errors are 502. */
export function parseResponseHead (buf: Buffer, start: number, end: number, limits: HeadLimits): ResponseHead | H1Error | undefined {
  const lim = Math.min(end, start + limits.maxHead)
  const p = skipEmptyLines(buf, start, lim)
  if (p < 0) return error(502, errReason, errAt - start)
  if (p < lim && TCHAR[buf[p]] !== 1) return error(502, 'bad version', p - start)
  if (p >= lim || !headComplete(buf, p, lim)) return end - start >= limits.maxHead ? tooLarge(buf, p, lim, true, start) : undefined

  let i = p
  if (buf[i] !== 0x48 || buf[i + 1] !== 0x54 || buf[i + 2] !== 0x54 || buf[i + 3] !== 0x50 || buf[i + 4] !== 0x2f ||
      buf[i + 5] !== 0x31 || buf[i + 6] !== 0x2e || (buf[i + 7] !== 0x30 && buf[i + 7] !== 0x31) ||
      (buf[i + 8] !== SP && buf[i + 8] !== HT)) return error(502, 'bad version', i - start)
  const version = buf[i + 7] === 0x31 ? 11 : 10
  i += 8
  let lineCanonical = p === start && buf[i] === SP && buf[i + 1] !== SP && buf[i + 1] !== HT
  while (buf[i] === SP || buf[i] === HT) i++
  const d0 = buf[i] - 0x30
  const d1 = buf[i + 1] - 0x30
  const d2 = buf[i + 2] - 0x30
  const status = d0 * 100 + d1 * 10 + d2
  let c = buf[i + 3]
  if (d0 < 1 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || (c !== SP && c !== HT && c !== CR && c !== LF)) {
    return error(502, 'bad status code', i - start)
  }
  i += 3
  if (c !== SP || buf[i + 1] === SP || buf[i + 1] === HT) lineCanonical = false
  while (buf[i] === SP || buf[i] === HT) i++
  const reasonStart = i
  while (RSP_VALUE[buf[i]] === 1) i++
  const reasonEnd = i
  c = buf[i]
  if (c === CR) {
    if (buf[i + 1] !== LF) return error(502, 'bare CR', i + 1 - start)
    i += 2
  } else if (c === LF) { i++; lineCanonical = false } else return error(502, 'NUL in reason', i - start)

  reset(limits.maxHeaders)
  canonical = lineCanonical
  const headEnd = parseFields(buf, i, lim, true, limits.maxHeaders, version)
  if (headEnd < 0) return error(502, errReason, errAt - start)

  const te = (teFlags & TE_PRESENT) !== 0
  const chunked = (teFlags & TE_LAST) !== 0
  const s = (buf as Latin1Buffer).latin1Slice(start, headEnd)
  return {
    kind: 'response',
    status,
    reason: s.slice(reasonStart - start, reasonEnd - start),
    version,
    // T-E wins over C-L: C-L is removed; a last coding other than chunked means close-delimited.
    headers: buildHeaders(s, start, te),
    headLength: headEnd - start,
    contentLength: te ? -1 : clValue,
    chunked,
    // T-E + C-L may have fooled a 1.0 hop, and T-E in 1.0 is unreliable: HAProxy closes after both.
    connClose: (connFlags & CONN_CLOSE) !== 0 || (te && (clValue >= 0 || version === 10)),
    connKeepAlive: (connFlags & CONN_KAL) !== 0,
    upgrade: connFlags & CONN_UPGRADE ? fieldValue(s, start, upgradeField) : undefined,
    // T-E drops C-L from the fields, so such a head is rebuilt.
    raw: te && clAt >= 0 ? undefined : rawHead(buf, start, headEnd),
  }
}

/**
 * Serializes a request head with possibly edited headers (flat list) as one latin1 Buffer.
 * The caller guarantees names are tokens and values hold no CR, LF or NUL.
 */
export function writeRequestHead (method: string, target: string, version: 10 | 11, headers: readonly string[]): Buffer {
  let s = method + ' ' + target + (version === 11 ? ' HTTP/1.1\r\n' : ' HTTP/1.0\r\n')
  for (let k = 0; k < headers.length; k += 2) s += headers[k] + ': ' + headers[k + 1] + '\r\n'
  return Buffer.from(s + '\r\n', 'latin1')
}

/** Serializes a response head; same contract as writeRequestHead(). An empty reason keeps the SP after the code. */
export function writeResponseHead (version: 10 | 11, status: number, reason: string, headers: readonly string[]): Buffer {
  let s = (version === 11 ? 'HTTP/1.1 ' : 'HTTP/1.0 ') + status + ' ' + reason + '\r\n'
  for (let k = 0; k < headers.length; k += 2) s += headers[k] + ': ' + headers[k + 1] + '\r\n'
  return Buffer.from(s + '\r\n', 'latin1')
}

/** ASCII case-insensitive equality; `b` may be in any case. */
function nameEqi (a: string, b: string): boolean {
  if (a.length !== b.length) return false
  for (let k = 0; k < a.length; k++) {
    const x = a.charCodeAt(k)
    const y = b.charCodeAt(k)
    if (x === y) continue
    const l = x | 0x20
    if (l !== (y | 0x20) || l < 0x61 || l > 0x7a) return false
  }
  return true
}

/** First value of header `name` (case-insensitive) in a flat list. */
export function getHeader (headers: readonly string[], name: string): string | undefined {
  for (let k = 0; k < headers.length; k += 2) if (nameEqi(headers[k], name)) return headers[k + 1]
  return undefined
}

/** Removes every header named `lowerName` (case-insensitive) from a flat list, in place. */
export function removeHeaders (headers: string[], lowerName: string): void {
  let w = 0
  for (let r = 0; r < headers.length; r += 2) {
    if (nameEqi(headers[r], lowerName)) continue
    if (w !== r) {
      headers[w] = headers[r]
      headers[w + 1] = headers[r + 1]
    }
    w += 2
  }
  headers.length = w
}

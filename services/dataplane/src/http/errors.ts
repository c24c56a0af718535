/**
 * The answers the proxy generates itself, byte for byte as HAProxy 2.6 sends
 * them (src/http.c http_err_msgs; checked against Debian's haproxy 2.6.12 on the
 * wire), optionally replaced by `errorfile`. Built once per proxy at load.
 * HAProxy reference: src/http.c, src/mux_h1.c h1_send_error(), src/http_htx.c http_str_to_htx()
 * Invariant: mux-level answers (400/408 while reading a head) go out raw; the others as HTX re-encodes them.
 */
import type { ProxyModel } from '@switchyard/config'

/** [reason, text, has `Connection: close`] of each http_err_msgs entry. */
const MESSAGES: Readonly<Record<number, readonly [string, string, boolean]>> = {
  200: ['OK', 'Service ready.', false],
  400: ['Bad request', 'Your browser sent an invalid request.', true],
  401: ['Unauthorized', 'You need a valid user and password to access this content.', false],
  403: ['Forbidden', 'Request forbidden by administrative rules.', false],
  404: ['Not Found', 'The resource could not be found.', false],
  405: ['Method Not Allowed', 'A request was made of a resource using a request method not supported by that resource', false],
  407: ['Unauthorized', 'You need a valid user and password to access this content.', false],
  408: ['Request Time-out', "Your browser didn't send a complete request in time.", true],
  410: ['Gone', 'The resource is no longer available and will not be available again.', false],
  413: ['Payload Too Large', 'The request entity exceeds the maximum allowed.', false],
  421: ['Misdirected Request', 'Request sent to a non-authoritative server.', false],
  422: ['Unprocessable Content', 'The server cannot process the contained instructions.', false],
  425: ['Too Early', 'Your browser sent early data.', false],
  429: ['Too Many Requests', 'You have sent too many requests in a given amount of time.', false],
  500: ['Internal Server Error', 'An internal server error occurred.', false],
  // sic: HAProxy's text starts with a dot.
  501: ['Not Implemented', '.The server does not support the functionality required to fulfill the request.', false],
  502: ['Bad Gateway', 'The server returned an invalid or incomplete response.', false],
  503: ['Service Unavailable', 'No server is available to handle this request.', false],
  504: ['Gateway Time-out', "The server didn't respond in time.", false],
}

export type ErrorStatus = 400 | 403 | 408 | 500 | 501 | 502 | 503 | 504

/** HAProxy's built-in message for a status as written in its source (what the h1 mux sends raw). */
export function builtinError (status: number): Buffer {
  return Buffer.from(builtinText(status), 'latin1')
}

/** As http_get_status_idx(): a status without a message of its own gets the 500. */
function builtinText (status: number): string {
  const code = MESSAGES[status] === undefined ? 500 : status
  const [reason, text, close] = MESSAGES[code] as readonly [string, string, boolean]
  const body = `<html><body><h1>${code} ${reason}</h1>\n${text}\n</body></html>\n`
  return `HTTP/1.1 ${code} ${reason}\r\nContent-length: ${Buffer.byteLength(body)}\r\nCache-Control: no-cache\r\n` +
    `${close ? 'Connection: close\r\n' : ''}Content-Type: text/html\r\n\r\n${body}`
}

/**
 * One proxy's answers. `get` is for errors the stream produces (502/503/504, rules):
 * the message or errorfile as the HTX round trip leaves it (lower-case names, a
 * `Connection: close` moved last). `mux` is for what the h1 mux answers before a
 * stream exists (bad or late request head): the built-in bytes, where an errorfile
 * only counts when it is empty (`errorfile 408 /dev/null`: close without a word).
 */
export class ErrorPages {
  private readonly pages = new Map<number, Buffer>()
  private readonly muxPages = new Map<number, Buffer>()

  constructor (model: ProxyModel | undefined) {
    for (const status of Object.keys(MESSAGES).map(Number)) {
      this.pages.set(status, htxReencode(builtinText(status)))
      this.muxPages.set(status, builtinError(status))
    }
    if (model === undefined) return
    for (const [code, f] of Object.entries(model.errorfiles)) {
      this.pages.set(Number(code), f.body === '' ? Buffer.alloc(0) : htxReencode(f.body))
      if (f.body === '') this.muxPages.set(Number(code), Buffer.alloc(0))
    }
    for (const [code, loc] of Object.entries(model.errorloc)) {
      this.pages.set(Number(code), Buffer.from(
        `HTTP/1.1 ${loc.kind} Found\r\ncontent-length: 0\r\nlocation: ${loc.url}\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n`, 'latin1'))
    }
  }

  /** A stream-level answer; an empty Buffer means "close without answering". */
  get (status: number): Buffer {
    return this.pages.get(status) ?? htxReencode(builtinText(status))
  }

  /** An h1-mux-level answer (400, 408 while reading a request head). */
  mux (status: number): Buffer {
    return this.muxPages.get(status) ?? builtinError(status)
  }
}

/**
 * What HAProxy's HTX conversion does to a raw message on its way out of the h1 mux:
 * bare LF line ends become CRLF, header names are lower-cased, values trimmed, and
 * `Connection` is consumed, a `close` in it coming back as the last header. Load time only.
 */
function htxReencode (text: string): Buffer {
  const sep = text.search(/\r?\n\r?\n/)
  const headText = sep < 0 ? text : text.slice(0, sep)
  const body = sep < 0 ? '' : text.slice(sep).replace(/^\r?\n\r?\n/, '')
  const lines = headText.split(/\r?\n/)
  let out = (lines[0] ?? '') + '\r\n'
  let close = false
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':')
    if (i <= 0) continue
    const name = line.slice(0, i).trim().toLowerCase()
    const value = line.slice(i + 1).trim()
    if (name === 'connection') {
      if (value.split(',').some(t => t.trim().toLowerCase() === 'close')) close = true
      continue
    }
    out += `${name}: ${value}\r\n`
  }
  if (close) out += 'connection: close\r\n'
  return Buffer.from(out + '\r\n' + body, 'latin1')
}

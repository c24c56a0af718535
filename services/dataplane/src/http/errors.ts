/**
 * The answers the proxy generates itself, byte for byte as HAProxy 2.6 sends
 * them (src/http.c http_err_msgs), optionally replaced by `errorfile`.
 * Built once per proxy at load: no string work on the error path.
 */
import type { ProxyModel } from '@switchyard/config'

const MESSAGES: Readonly<Record<number, [string, string]>> = {
  200: ['OK', 'Service ready.'],
  400: ['Bad request', 'Your browser sent an invalid request.'],
  401: ['Unauthorized', 'You need a valid user and password to access this content.'],
  403: ['Forbidden', 'Request forbidden by administrative rules.'],
  404: ['Not Found', 'The resource could not be found.'],
  405: ['Method Not Allowed', 'A request was made of a resource using a request method not supported by that resource'],
  407: ['Unauthorized', 'You need a valid user and password to access this content.'],
  408: ['Request Time-out', "Your browser didn't send a complete request in time."],
  410: ['Gone', 'The resource is no longer available and will not be available again.'],
  413: ['Payload Too Large', 'The request entity exceeds the maximum allowed.'],
  425: ['Too Early', 'Your browser sent early data.'],
  429: ['Too Many Requests', 'You have sent too many requests in a given amount of time.'],
  500: ['Internal Server Error', 'An internal server error occurred.'],
  501: ['Not Implemented', 'The server does not support the functionality required to fulfill the request.'],
  502: ['Bad Gateway', 'The server returned an invalid or incomplete response.'],
  503: ['Service Unavailable', 'No server is available to handle this request.'],
  504: ['Gateway Time-out', "The server didn't respond in time."],
}

export type ErrorStatus = 400 | 403 | 408 | 500 | 501 | 502 | 503 | 504

/** HAProxy's built-in answer for a status, with `connection: close`. */
export function builtinError (status: number): Buffer {
  const [reason, text] = MESSAGES[status] ?? ['Error', 'An error occurred.']
  const body = `<html><body><h1>${status} ${reason}</h1>\n${text}\n</body></html>\n`
  return Buffer.from(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-cache\r\n` +
    `content-type: text/html\r\nconnection: close\r\n\r\n${body}`, 'latin1')
}

/** The answers of one proxy: errorfile contents (sent as written) or the built-ins. */
export class ErrorPages {
  private readonly pages = new Map<number, Buffer>()

  constructor (model: ProxyModel | undefined) {
    for (const status of Object.keys(MESSAGES).map(Number)) this.pages.set(status, builtinError(status))
    if (model === undefined) return
    for (const [code, f] of Object.entries(model.errorfiles)) this.pages.set(Number(code), normalizeErrorfile(f.body))
    for (const [code, loc] of Object.entries(model.errorloc)) {
      this.pages.set(Number(code), Buffer.from(
        `HTTP/1.1 ${loc.kind} Found\r\ncontent-length: 0\r\nlocation: ${loc.url}\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n`, 'latin1'))
    }
  }

  get (status: number): Buffer {
    return this.pages.get(status) ?? builtinError(status)
  }
}

/** errorfiles are often written with bare LF line ends: the head gets CRLF, the body stays. */
function normalizeErrorfile (text: string): Buffer {
  const sep = text.search(/\r?\n\r?\n/)
  if (sep < 0) return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1')
  const head = text.slice(0, sep).split(/\r?\n/).join('\r\n')
  const rest = text.slice(sep).replace(/^\r?\n\r?\n/, '')
  return Buffer.from(`${head}\r\n\r\n${rest}`, 'latin1')
}

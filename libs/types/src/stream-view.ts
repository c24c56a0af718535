/**
 * What rules (libs/rules sample fetches) read from a stream: the client
 * connection, the proxies, and the HTTP messages. The data plane implements it;
 * the rules engine never sees a socket, so it can be tested without one.
 * HAProxy reference: include/haproxy/sample-t.h struct sample (the smp->strm view)
 */
export interface StreamView {
  /** Client address and port, and the address and port it connected to. */
  readonly src: string
  readonly srcPort: number
  readonly dst: string
  readonly dstPort: number
  readonly frontend: string
  /** The backend chosen so far (undefined before use_backend ran). */
  readonly backend: string | undefined
  readonly request: HttpRequestView | undefined
  readonly response: HttpResponseView | undefined
}

export interface HttpRequestView {
  readonly method: string
  /** The request target as received (origin form or absolute form). */
  readonly target: string
  /** "1.0" or "1.1". */
  readonly version: string
  /** Flat [name, value, ...], names as sent. */
  readonly headers: readonly string[]
}

export interface HttpResponseView {
  readonly status: number
  readonly version: string
  readonly headers: readonly string[]
}

// placeholder replaced by the generated list
export const HAPROXY_SECTIONS: readonly string[] = ['cache', 'program', 'ring', 'http-errors', 'mailers', 'fcgi-app']
export const HAPROXY_OPTIONS: readonly string[] = []
export const HAPROXY_BIND_OPTIONS: readonly string[] = []
export const HAPROXY_SERVER_OPTIONS: readonly string[] = []
export const HAPROXY_TIMEOUTS: readonly string[] = []
export function isHaproxyKeyword (_kw: string, _bit: number): boolean { return false }
export const HAPROXY_HTTP_REQUEST_ACTIONS: readonly string[] = ['allow', 'deny', 'set-header', 'add-header', 'del-header', 'redirect', 'return', 'auth', 'set-var', 'tarpit', 'set-path', 'replace-header']
export const HAPROXY_HTTP_RESPONSE_ACTIONS: readonly string[] = ['allow', 'deny', 'set-header', 'add-header', 'del-header', 'set-status']
export const HAPROXY_TCP_REQUEST_ACTIONS: readonly string[] = ['accept', 'reject', 'track-sc0', 'track-sc1', 'track-sc2', 'set-var']
export const HAPROXY_STATS_KEYWORDS: readonly string[] = ['admin', 'auth', 'enable', 'hide-version', 'http-request', 'realm', 'refresh', 'scope', 'show-desc', 'show-legends', 'show-node', 'uri']

/**
 * HAProxy 2.6's configuration vocabulary (sections, global and proxy keywords, options, timeouts,
 * bind and server options, rule actions, peers/resolvers/userlist keywords), so that the parser can
 * say "HAProxy keyword that switchyard does not support yet" instead of "unknown keyword".
 * HAProxy reference: doc/configuration.txt (2.6) sections 3, 4.1, 5.1, 5.2
 */

// Section bits, as in Section (keyword.ts).
const G = 1
const D = 2
const F = 4
const B = 8
const L = 16
const PEERS = 32
const RESOLVERS = 64
const USERLIST = 128

/**
 * Every section keyword HAProxy knows besides global/defaults/frontend/backend/listen/peers/
 * resolvers/userlist.
 * 2.6 has cache, fcgi-app, http-errors, log-forward, mailers, namespace_list, program and
 * ring; acme, crt-store and traces come with later versions, dynamic-update with HAProxy
 * Enterprise.
 */
export const HAPROXY_SECTIONS: readonly string[] = [
  'acme', 'cache', 'crt-store', 'dynamic-update', 'fcgi-app', 'http-errors', 'log-forward',
  'mailers', 'namespace_list', 'program', 'ring', 'traces',
]

/**
 * Global keywords, first word only (the 3.1 to 3.3 lists plus every keyword described there).
 * nbproc and tune.chksize are removed but 2.6 still names them in its error;
 * tune.vars.check-max-size is registered by 2.6 but not documented.
 */
export const HAPROXY_GLOBAL_KEYWORDS: readonly string[] = [
  '51degrees-cache-size', '51degrees-data-file', '51degrees-property-name-list',
  '51degrees-property-separator', 'busy-polling', 'ca-base', 'chroot', 'close-spread-time',
  'cluster-secret', 'cpu-map', 'crt-base', 'daemon', 'default-path', 'description',
  'deviceatlas-json-file', 'deviceatlas-log-level', 'deviceatlas-properties-cookie',
  'deviceatlas-separator', 'expose-experimental-directives', 'external-check', 'fd-hard-limit',
  'gid', 'grace', 'group', 'h1-accept-payload-with-any-method', 'h1-case-adjust',
  'h1-case-adjust-file', 'h2-workaround-bogus-websocket-clients', 'hard-stop-after',
  'httpclient.resolvers.id', 'httpclient.resolvers.prefer', 'httpclient.ssl.ca-file',
  'httpclient.ssl.verify', 'insecure-fork-wanted', 'insecure-setuid-wanted', 'issuers-chain-path',
  'localpeer', 'log', 'log-send-hostname', 'log-tag', 'lua-load', 'lua-load-per-thread',
  'lua-prepend-path', 'master-worker', 'max-spread-checks', 'maxcompcpuusage', 'maxcomprate',
  'maxconn', 'maxconnrate', 'maxpipes', 'maxsessrate', 'maxsslconn', 'maxsslrate', 'maxzlibmem',
  'mworker-max-reloads', 'nbproc', 'nbthread', 'no-memory-trimming', 'node', 'noepoll',
  'noevports', 'nogetaddrinfo', 'nokqueue', 'nopoll', 'noreuseport', 'nosplice',
  'numa-cpu-mapping', 'pidfile', 'pp2-never-send-local', 'presetenv', 'profiling.memory',
  'profiling.tasks', 'quiet', 'resetenv', 'server-state-base', 'server-state-file', 'set-dumpable',
  'set-var', 'set-var-fmt', 'setenv', 'spread-checks', 'ssl-default-bind-ciphers',
  'ssl-default-bind-ciphersuites', 'ssl-default-bind-curves', 'ssl-default-bind-options',
  'ssl-default-server-ciphers', 'ssl-default-server-ciphersuites', 'ssl-default-server-options',
  'ssl-dh-param-file', 'ssl-engine', 'ssl-load-extra-del-ext', 'ssl-load-extra-files',
  'ssl-mode-async', 'ssl-propquery', 'ssl-provider', 'ssl-provider-path', 'ssl-server-verify',
  'ssl-skip-self-issued-ca', 'stats', 'strict-limits', 'thread-group', 'thread-groups',
  'tune.buffers.limit', 'tune.buffers.reserve', 'tune.bufsize', 'tune.chksize',
  'tune.comp.maxlevel', 'tune.fail-alloc', 'tune.fd.edge-triggered', 'tune.h2.header-table-size',
  'tune.h2.initial-window-size', 'tune.h2.max-concurrent-streams', 'tune.h2.max-frame-size',
  'tune.http.cookielen', 'tune.http.logurilen', 'tune.http.maxhdr', 'tune.idle-pool.shared',
  'tune.idletimer', 'tune.listener.multi-queue', 'tune.lua.forced-yield', 'tune.lua.maxmem',
  'tune.lua.service-timeout', 'tune.lua.session-timeout', 'tune.lua.task-timeout',
  'tune.maxaccept', 'tune.maxpollevents', 'tune.maxrewrite', 'tune.pattern.cache-size',
  'tune.peers.max-updates-at-once', 'tune.pipesize', 'tune.pool-high-fd-ratio',
  'tune.pool-low-fd-ratio', 'tune.quic.frontend.conn-tx-buffers.limit',
  'tune.quic.frontend.max-idle-timeout', 'tune.quic.frontend.max-streams-bidi',
  'tune.quic.retry-threshold', 'tune.rcvbuf.client', 'tune.rcvbuf.server', 'tune.recv_enough',
  'tune.runqueue-depth', 'tune.sched.low-latency', 'tune.sndbuf.client', 'tune.sndbuf.server',
  'tune.ssl.cachesize', 'tune.ssl.capture-buffer-size', 'tune.ssl.capture-cipherlist-size',
  'tune.ssl.default-dh-param', 'tune.ssl.force-private-cache', 'tune.ssl.hard-maxrecord',
  'tune.ssl.keylog', 'tune.ssl.lifetime', 'tune.ssl.maxrecord', 'tune.ssl.ssl-ctx-cache-size',
  'tune.vars.check-max-size', 'tune.vars.global-max-size', 'tune.vars.proc-max-size',
  'tune.vars.reqres-max-size', 'tune.vars.sess-max-size', 'tune.vars.txn-max-size',
  'tune.zlib.memlevel', 'tune.zlib.windowsize', 'uid', 'ulimit-n', 'unix-bind', 'unsetenv', 'user',
  'wurfl-cache-size', 'wurfl-data-file', 'wurfl-information-list',
  'wurfl-information-list-separator', 'wurfl-patch-file', 'zero-warning',
]

/**
 * The 4.1 matrix, first word only, plus dynamic-cookie-key, hash-balance-factor and
 * max-session-srv-conns, which only 4.2 lists (listen added where backend is allowed).
 */
const PROXY_MATRIX: Readonly<Record<string, number>> = {
  'acl': D | F | B | L, 'backlog': D | F | L, 'balance': D | B | L, 'bind': F | L,
  'bind-process': D | F | B | L, 'capture': F | L, 'clitcpka-cnt': D | F | L,
  'clitcpka-idle': D | F | L, 'clitcpka-intvl': D | F | L, 'compression': D | F | B | L,
  'cookie': D | B | L, 'declare': F | L, 'default-server': D | B | L, 'default_backend': D | F | L,
  'description': F | B | L, 'disabled': D | F | B | L, 'dispatch': B | L,
  'dynamic-cookie-key': D | B | L, 'email-alert': D | F | B | L, 'enabled': D | F | B | L,
  'error-log-format': D | F | L, 'errorfile': D | F | B | L, 'errorfiles': D | F | B | L,
  'errorloc': D | F | B | L, 'errorloc302': D | F | B | L, 'errorloc303': D | F | B | L,
  'external-check': D | B | L, 'filter': F | B | L, 'force-persist': B | L, 'fullconn': D | B | L,
  'hash-balance-factor': D | B | L, 'hash-type': D | B | L, 'http-after-response': D | F | B | L,
  'http-check': D | B | L, 'http-error': D | F | B | L, 'http-request': D | F | B | L,
  'http-response': D | F | B | L, 'http-reuse': D | B | L, 'http-send-name-header': D | B | L,
  'id': F | B | L, 'ignore-persist': B | L, 'load-server-state-from-file': D | B | L,
  'log': D | F | B | L, 'log-format': D | F | L, 'log-format-sd': D | F | L,
  'log-tag': D | F | B | L, 'max-keep-alive-queue': D | B | L, 'max-session-srv-conns': D | F | L,
  'maxconn': D | F | L, 'mode': D | F | B | L, 'monitor': F | L, 'monitor-uri': D | F | L,
  'option': D | F | B | L, 'persist': D | B | L, 'rate-limit': D | F | L, 'redirect': F | B | L,
  'retries': D | B | L, 'retry-on': D | B | L, 'server': B | L,
  'server-state-file-name': D | B | L, 'server-template': B | L, 'source': D | B | L,
  'srvtcpka-cnt': D | B | L, 'srvtcpka-idle': D | B | L, 'srvtcpka-intvl': D | B | L,
  'stats': D | F | B | L, 'stick': B | L, 'stick-table': F | B | L, 'tcp-check': D | B | L,
  'tcp-request': D | F | B | L, 'tcp-response': D | B | L, 'timeout': D | F | B | L,
  'transparent': D | B | L, 'unique-id-format': D | F | L, 'unique-id-header': D | F | L,
  'use-fcgi-app': B | L, 'use-server': B | L, 'use_backend': F | L,
}

/**
 * Removed before 2.6 (most in 2.1), yet 2.6 still recognises them and rejects them with a hint
 * to their replacement. Section bits from the 1.9 matrix.
 */
const PROXY_REMOVED: Readonly<Record<string, number>> = {
  'appsession': B | L, 'block': F | B | L, 'clitimeout': D | F | L, 'contimeout': D | B | L,
  'grace': D | F | B | L, 'monitor-net': D | F | L, 'redisp': D | B | L, 'redispatch': D | B | L,
  'reqadd': F | B | L, 'reqallow': F | B | L, 'reqdel': F | B | L, 'reqdeny': F | B | L,
  'reqiallow': F | B | L, 'reqidel': F | B | L, 'reqideny': F | B | L, 'reqipass': F | B | L,
  'reqirep': F | B | L, 'reqitarpit': F | B | L, 'reqpass': F | B | L, 'reqrep': F | B | L,
  'reqtarpit': F | B | L, 'rspadd': F | B | L, 'rspdel': F | B | L, 'rspdeny': F | B | L,
  'rspidel': F | B | L, 'rspideny': F | B | L, 'rspirep': F | B | L, 'rsprep': F | B | L,
  'srvtimeout': D | B | L,
}

/**
 * Proxy keywords from the 4.1 matrix, first word only for most ('timeout' once, 'option' once,
 * 'http-request' once, 'stats' once...), with the section bits where each is valid.
 * Bits: Defaults=2, Frontend=4, Backend=8, Listen=16
 */
export const HAPROXY_PROXY_KEYWORDS: Readonly<Record<string, number>> = {
  ...PROXY_MATRIX,
  ...PROXY_REMOVED,
}

/** Names after 'option' (4.1 matrix). */
export const HAPROXY_OPTIONS: readonly string[] = [
  'abortonclose', 'accept-invalid-http-request', 'accept-invalid-http-response', 'allbackups',
  'checkcache', 'clitcpka', 'contstats', 'disable-h2-upgrade', 'dontlog-normal', 'dontlognull',
  'external-check', 'forwardfor', 'h1-case-adjust-bogus-client', 'h1-case-adjust-bogus-server',
  'http-buffer-request', 'http-ignore-probes', 'http-keep-alive', 'http-no-delay',
  'http-pretend-keepalive', 'http-restrict-req-hdr-names', 'http-server-close',
  'http-use-proxy-header', 'httpchk', 'httpclose', 'httplog', 'httpslog', 'idle-close-on-response',
  'independent-streams', 'ldap-check', 'log-health-checks', 'log-separate-errors', 'logasap',
  'mysql-check', 'nolinger', 'originalto', 'persist', 'pgsql-check', 'prefer-last-server',
  'redis-check', 'redispatch', 'smtpchk', 'socket-stats', 'splice-auto', 'splice-request',
  'splice-response', 'spop-check', 'srvtcpka', 'ssl-hello-chk', 'tcp-check', 'tcp-smart-accept',
  'tcp-smart-connect', 'tcpka', 'tcplog', 'transparent',
]

/** Names after 'timeout' (4.1 matrix). */
export const HAPROXY_TIMEOUTS: readonly string[] = [
  'check', 'client', 'client-fin', 'connect', 'http-keep-alive', 'http-request', 'queue', 'server',
  'server-fin', 'tarpit', 'tunnel',
]

/** 5.1 bind options ('quic-*' need a QUIC build). */
export const HAPROXY_BIND_OPTIONS: readonly string[] = [
  'accept-netscaler-cip', 'accept-proxy', 'allow-0rtt', 'alpn', 'backlog', 'ca-file',
  'ca-ignore-err', 'ca-sign-file', 'ca-sign-pass', 'ca-verify-file', 'ciphers', 'ciphersuites',
  'crl-file', 'crt', 'crt-ignore-err', 'crt-list', 'curves', 'defer-accept', 'ecdhe', 'expose-fd',
  'force-sslv3', 'force-tlsv10', 'force-tlsv11', 'force-tlsv12', 'force-tlsv13',
  'generate-certificates', 'gid', 'group', 'id', 'interface', 'level', 'maxconn', 'mode', 'mss',
  'name', 'namespace', 'nice', 'no-ca-names', 'no-sslv3', 'no-tls-tickets', 'no-tlsv10',
  'no-tlsv11', 'no-tlsv12', 'no-tlsv13', 'npn', 'prefer-client-ciphers', 'process', 'proto',
  'quic-cc-algo', 'quic-force-retry', 'severity-output', 'shards', 'ssl', 'ssl-max-ver',
  'ssl-min-ver', 'strict-sni', 'tcp-ut', 'tfo', 'thread', 'tls-ticket-keys', 'transparent', 'uid',
  'user', 'v4v6', 'v6only', 'verify',
]

/**
 * 5.2 server and default-server options, plus no-check-send-proxy (registered by 2.6 but not
 * documented) and usesrc (part of 'source').
 */
export const HAPROXY_SERVER_OPTIONS: readonly string[] = [
  'addr', 'agent-addr', 'agent-check', 'agent-inter', 'agent-port', 'agent-send', 'allow-0rtt',
  'alpn', 'backup', 'ca-file', 'check', 'check-alpn', 'check-proto', 'check-send-proxy',
  'check-sni', 'check-ssl', 'check-via-socks4', 'ciphers', 'ciphersuites', 'cookie', 'crl-file',
  'crt', 'disabled', 'downinter', 'enabled', 'error-limit', 'fall', 'fastinter', 'force-sslv3',
  'force-tlsv10', 'force-tlsv11', 'force-tlsv12', 'force-tlsv13', 'id', 'init-addr', 'inter',
  'log-proto', 'max-reuse', 'maxconn', 'maxqueue', 'minconn', 'namespace', 'no-agent-check',
  'no-backup', 'no-check', 'no-check-send-proxy', 'no-check-ssl', 'no-send-proxy',
  'no-send-proxy-v2', 'no-send-proxy-v2-ssl', 'no-send-proxy-v2-ssl-cn', 'no-ssl', 'no-ssl-reuse',
  'no-sslv3', 'no-tfo', 'no-tls-tickets', 'no-tlsv10', 'no-tlsv11', 'no-tlsv12', 'no-tlsv13',
  'no-verifyhost', 'non-stick', 'npn', 'observe', 'on-error', 'on-marked-down', 'on-marked-up',
  'pool-low-conn', 'pool-max-conn', 'pool-purge-delay', 'port', 'proto', 'proxy-v2-options',
  'redir', 'resolve-net', 'resolve-opts', 'resolve-prefer', 'resolvers', 'rise', 'send-proxy',
  'send-proxy-v2', 'send-proxy-v2-ssl', 'send-proxy-v2-ssl-cn', 'slowstart', 'sni', 'socks4',
  'source', 'ssl', 'ssl-max-ver', 'ssl-min-ver', 'ssl-reuse', 'stick', 'tcp-ut', 'tfo',
  'tls-tickets', 'track', 'usesrc', 'verify', 'verifyhost', 'weight', 'ws',
]

/**
 * Actions after 'http-request' (4.2), without their '(...)' arguments; ot-group comes with the
 * OpenTracing filter (9.6).
 */
export const HAPROXY_HTTP_REQUEST_ACTIONS: readonly string[] = [
  'add-acl', 'add-header', 'allow', 'auth', 'cache-use', 'capture', 'del-acl', 'del-header',
  'del-map', 'deny', 'disable-l7-retry', 'do-resolve', 'early-hint', 'normalize-uri', 'ot-group',
  'redirect', 'reject', 'replace-header', 'replace-path', 'replace-pathq', 'replace-uri',
  'replace-value', 'return', 'sc-inc-gpc', 'sc-inc-gpc0', 'sc-inc-gpc1', 'sc-set-gpt',
  'sc-set-gpt0', 'send-spoe-group', 'set-dst', 'set-dst-port', 'set-header', 'set-log-level',
  'set-map', 'set-mark', 'set-method', 'set-nice', 'set-path', 'set-pathq', 'set-priority-class',
  'set-priority-offset', 'set-query', 'set-src', 'set-src-port', 'set-timeout', 'set-tos',
  'set-uri', 'set-var', 'set-var-fmt', 'silent-drop', 'strict-mode', 'tarpit', 'track-sc0',
  'track-sc1', 'track-sc2', 'unset-var', 'use-service', 'wait-for-body', 'wait-for-handshake',
]

/** Actions after 'http-response' (4.2). */
export const HAPROXY_HTTP_RESPONSE_ACTIONS: readonly string[] = [
  'add-acl', 'add-header', 'allow', 'cache-store', 'capture', 'del-acl', 'del-header', 'del-map',
  'deny', 'ot-group', 'redirect', 'replace-header', 'replace-value', 'return', 'sc-inc-gpc',
  'sc-inc-gpc0', 'sc-inc-gpc1', 'sc-set-gpt', 'sc-set-gpt0', 'send-spoe-group', 'set-header',
  'set-log-level', 'set-map', 'set-mark', 'set-nice', 'set-status', 'set-tos', 'set-var',
  'set-var-fmt', 'silent-drop', 'strict-mode', 'track-sc0', 'track-sc1', 'track-sc2', 'unset-var',
  'wait-for-body',
]

/** Actions after 'tcp-request connection|session|content' (4.2), union of the three. */
export const HAPROXY_TCP_REQUEST_ACTIONS: readonly string[] = [
  'accept', 'capture', 'do-resolve', 'expect-netscaler-cip', 'expect-proxy', 'ot-group', 'reject',
  'sc-inc-gpc', 'sc-inc-gpc0', 'sc-inc-gpc1', 'sc-set-gpt', 'sc-set-gpt0', 'send-spoe-group',
  'set-dst', 'set-dst-port', 'set-log-level', 'set-mark', 'set-nice', 'set-priority-class',
  'set-priority-offset', 'set-src', 'set-src-port', 'set-tos', 'set-var', 'set-var-fmt',
  'silent-drop', 'switch-mode', 'track-sc0', 'track-sc1', 'track-sc2', 'unset-var', 'use-service',
]

/** Second word after 'stats' in proxies (4.1 matrix, plus show-modules from 4.2). */
export const HAPROXY_STATS_KEYWORDS: readonly string[] = [
  'admin', 'auth', 'enable', 'hide-version', 'http-request', 'realm', 'refresh', 'scope',
  'show-desc', 'show-legends', 'show-modules', 'show-node', 'uri',
]

/** Keywords of a peers section (3.5). */
export const HAPROXY_PEERS_KEYWORDS: readonly string[] = [
  'bind', 'default-bind', 'default-server', 'disabled', 'enabled', 'log', 'peer', 'server',
  'table',
]

/** Keywords of a resolvers section (5.3.2); resolution_pool_size is removed but recognised. */
export const HAPROXY_RESOLVERS_KEYWORDS: readonly string[] = [
  'accepted_payload_size', 'hold', 'nameserver', 'parse-resolv-conf', 'resolution_pool_size',
  'resolve_retries', 'timeout',
]

/** Keywords of a userlist section (3.4). */
export const HAPROXY_USERLIST_KEYWORDS: readonly string[] = [
  'group', 'user',
]

const GLOBAL_SET: ReadonlySet<string> = new Set(HAPROXY_GLOBAL_KEYWORDS)
const PEERS_SET: ReadonlySet<string> = new Set(HAPROXY_PEERS_KEYWORDS)
const RESOLVERS_SET: ReadonlySet<string> = new Set(HAPROXY_RESOLVERS_KEYWORDS)
const USERLIST_SET: ReadonlySet<string> = new Set(HAPROXY_USERLIST_KEYWORDS)

/**
 * True when kw is a keyword HAProxy accepts in that section (bit as above, Global=1, Peers=32,
 * Resolvers=64, Userlist=128).
 */
export function isHaproxyKeyword (kw: string, sectionBit: number): boolean {
  if ((sectionBit & G) !== 0 && GLOBAL_SET.has(kw)) return true
  if ((sectionBit & (D | F | B | L)) !== 0 && Object.hasOwn(HAPROXY_PROXY_KEYWORDS, kw)) {
    if (((HAPROXY_PROXY_KEYWORDS[kw] ?? 0) & sectionBit) !== 0) return true
  }
  if ((sectionBit & PEERS) !== 0 && PEERS_SET.has(kw)) return true
  if ((sectionBit & RESOLVERS) !== 0 && RESOLVERS_SET.has(kw)) return true
  if ((sectionBit & USERLIST) !== 0 && USERLIST_SET.has(kw)) return true
  return false
}

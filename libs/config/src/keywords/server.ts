/**
 * `server <name> <address>[:[port]] [param*]` and `default-server [param*]`,
 * with the server options table.
 * Owns: parsing; a server starts from a copy of the proxy's default-server.
 * HAProxy reference: src/server.c srv_kws, parse_server(), _srv_parse_init()
 */
import { defineKeywords, In, type KeywordContext, type KeywordResult } from '../keyword.js'
import type { ServerDefaults, ServerModel } from '../model.js'
import { parseAddress } from '../units.js'
import { HAPROXY_SERVER_OPTIONS } from '../haproxy-keywords.js'
import { parseOptionWords, type OptionSpec, type OptionValues } from './option-words.js'

export const SERVER_OPTIONS: readonly OptionSpec[] = [
  // typed fields of ServerModel
  { name: 'weight', arity: 1, int: true }, { name: 'maxconn', arity: 1, int: true }, { name: 'maxqueue', arity: 1, int: true },
  { name: 'minconn', arity: 1, int: true }, { name: 'backup', arity: 0 }, { name: 'no-backup', arity: 0 },
  { name: 'disabled', arity: 0 }, { name: 'enabled', arity: 0 }, { name: 'check', arity: 0 }, { name: 'no-check', arity: 0 },
  { name: 'cookie', arity: 1 }, { name: 'inter', arity: 1, time: true }, { name: 'fastinter', arity: 1, time: true },
  { name: 'downinter', arity: 1, time: true }, { name: 'rise', arity: 1, int: true }, { name: 'fall', arity: 1, int: true },
  { name: 'id', arity: 1, int: true },
  // kept in `options` for the data plane, health checks and TLS
  { name: 'addr', arity: 1 }, { name: 'port', arity: 1, int: true }, { name: 'slowstart', arity: 1, time: true },
  { name: 'agent-check', arity: 0 }, { name: 'no-agent-check', arity: 0 }, { name: 'agent-addr', arity: 1 },
  { name: 'agent-inter', arity: 1, time: true }, { name: 'agent-port', arity: 1, int: true }, { name: 'agent-send', arity: 1 },
  { name: 'check-send-proxy', arity: 0 }, { name: 'check-ssl', arity: 0 }, { name: 'no-check-ssl', arity: 0 },
  { name: 'check-sni', arity: 1 }, { name: 'check-alpn', arity: 1 }, { name: 'check-proto', arity: 1 },
  { name: 'observe', arity: 1, values: ['none', 'layer4', 'layer7'] }, { name: 'error-limit', arity: 1, int: true },
  { name: 'on-error', arity: 1, values: ['fastinter', 'fail-check', 'sudden-death', 'mark-down'] },
  { name: 'on-marked-down', arity: 1 }, { name: 'on-marked-up', arity: 1 },
  { name: 'send-proxy', arity: 0 }, { name: 'send-proxy-v2', arity: 0 }, { name: 'no-send-proxy', arity: 0 },
  { name: 'proxy-v2-options', arity: 1 }, { name: 'source', arity: 1 }, { name: 'redir', arity: 1 },
  { name: 'track', arity: 1 }, { name: 'init-addr', arity: 1 }, { name: 'resolvers', arity: 1 },
  { name: 'resolve-prefer', arity: 1, values: ['ipv4', 'ipv6'] }, { name: 'resolve-opts', arity: 1 }, { name: 'resolve-net', arity: 1 },
  { name: 'pool-max-conn', arity: 1, int: true }, { name: 'pool-low-conn', arity: 1, int: true },
  { name: 'pool-purge-delay', arity: 1, time: true }, { name: 'max-reuse', arity: 1, int: true },
  { name: 'tfo', arity: 0 }, { name: 'proto', arity: 1 }, { name: 'tcp-ut', arity: 1 }, { name: 'ws', arity: 1 },
  { name: 'stick', arity: 0 }, { name: 'non-stick', arity: 0 }, { name: 'namespace', arity: 1 },
  // TLS to servers
  { name: 'ssl', arity: 0 }, { name: 'no-ssl', arity: 0 }, { name: 'verify', arity: 1, values: ['none', 'required'] },
  { name: 'verifyhost', arity: 1 }, { name: 'no-verifyhost', arity: 0 }, { name: 'ca-file', arity: 1 },
  { name: 'crl-file', arity: 1 }, { name: 'crt', arity: 1 }, { name: 'sni', arity: 1 }, { name: 'alpn', arity: 1 },
  { name: 'npn', arity: 1 }, { name: 'ciphers', arity: 1 }, { name: 'ciphersuites', arity: 1 },
  { name: 'ssl-min-ver', arity: 1 }, { name: 'ssl-max-ver', arity: 1 }, { name: 'no-ssl-reuse', arity: 0 },
  { name: 'ssl-reuse', arity: 0 }, { name: 'no-tls-tickets', arity: 0 }, { name: 'tls-tickets', arity: 0 },
  { name: 'no-sslv3', arity: 0 }, { name: 'no-tlsv10', arity: 0 }, { name: 'no-tlsv11', arity: 0 },
  { name: 'no-tlsv12', arity: 0 }, { name: 'no-tlsv13', arity: 0 }, { name: 'force-tlsv12', arity: 0 }, { name: 'force-tlsv13', arity: 0 },
]

const serverTable: ReadonlyMap<string, OptionSpec> = new Map(SERVER_OPTIONS.map(o => [o.name, o]))

function readOptions (ctx: KeywordContext, from: number, kw: string): OptionValues {
  return parseOptionWords(ctx, from, kw, serverTable, HAPROXY_SERVER_OPTIONS, 'server')
}

/** Moves the typed options onto the server (or default-server) object; the rest stay in `options`. */
function applyOptions (target: ServerDefaults & { id?: number }, values: OptionValues, ctx: KeywordContext, kw: string): void {
  for (const [name, v] of Object.entries(values)) {
    switch (name) {
      case 'weight':
        if ((v as number) > 256) ctx.report({ alert: `'${kw}' : weight of server must be between 0 and 256, got ${String(v)}.` })
        else target.weight = v as number
        break
      case 'maxconn': target.maxconn = v as number; break
      case 'maxqueue': target.maxqueue = v as number; break
      case 'minconn': target.minconn = v as number; break
      case 'backup': target.backup = true; break
      case 'no-backup': target.backup = false; break
      case 'disabled': target.disabled = true; break
      case 'enabled': target.disabled = false; break
      case 'check': target.check = true; break
      case 'no-check': target.check = false; break
      case 'cookie': target.cookie = v as string; break
      case 'inter': target.inter = v as number; break
      case 'fastinter': target.fastinter = v as number; break
      case 'downinter': target.downinter = v as number; break
      case 'rise': target.rise = Math.max(1, v as number); break
      case 'fall': target.fall = Math.max(1, v as number); break
      case 'id': target.id = v as number; break
      default: target.options[name] = v
    }
  }
}

export const serverKeywords = defineKeywords([
  {
    kw: 'server',
    sections: In.BEOnly,
    usage: 'server <name> <addr>[:<port>] [param*]',
    parse (ctx): KeywordResult {
      const [, name, addrText] = ctx.args
      if (name === undefined || addrText === undefined) return { alert: `'server' expects <name> and <addr>[:<port>] as arguments.` }
      const bad = /[^A-Za-z0-9_.:-]/.exec(name)
      if (bad !== null) return { alert: `character '${bad[0]}' is not permitted in server name '${name}'.`, arg: 1 }
      const proxy = ctx.proxy!
      const parsed = parseAddress(addrText, 'server')
      if (!parsed.ok) return { alert: `'server ${name}' : ${parsed.reason}.`, arg: 2 }
      const base = structuredClone(proxy.defaultServer)
      const server: ServerModel = { ...base, name, address: parsed.value.address, loc: ctx.loc, id: proxy.servers.length + 1 }
      applyOptions(server, readOptions(ctx, 3, `server ${name}`), ctx, `server ${name}`)
      const addr = parsed.value.address
      if (parsed.value.needsResolve && addr.kind === 'inet') {
        const initAddr = String(server.options['init-addr'] ?? '')
        if (!initAddr.split(',').includes('none')) {
          ctx.resolveLater({
            hostname: addr.hostname as string, family: addr.family, loc: ctx.loc,
            set: (host, family) => { server.address = { ...addr, host, family } },
          })
        }
      }
      proxy.servers.push(server)
      return undefined
    },
  },
  {
    kw: 'default-server',
    sections: In.BE,
    usage: 'default-server [param*]',
    parse (ctx): KeywordResult {
      const values = readOptions(ctx, 1, 'default-server')
      for (const forbidden of ['id', 'cookie'] as const) {
        if (forbidden in values) { ctx.report({ alert: `'default-server' : '${forbidden}' is not allowed on 'default-server'.` }); delete values[forbidden] }
      }
      applyOptions(ctx.proxy!.defaultServer, values, ctx, 'default-server')
      return undefined
    },
  },
])

/**
 * `bind [<address>:<port_range>] [, ...] [param*]` and its options table.
 * Owns: address parsing (v4, v6, unix, fd@, ranges, lists) and option arity;
 * the data plane's listeners and TLS layer read `bind.options`.
 * HAProxy reference: src/cfgparse-listen.c "bind", src/listener.c bind_kws, src/cfgparse-ssl.c
 */
import { defineKeywords, In, type KeywordContext, type KeywordResult } from '../keyword.js'
import { type BindModel } from '../model.js'
import { parseAddressList } from '../units.js'
import { HAPROXY_BIND_OPTIONS } from '../haproxy-keywords.js'
import { parseOptionWords, type OptionSpec } from './option-words.js'

/** name -> number of values (0 = flag). `multi` options may repeat and collect into an array. */
export const BIND_OPTIONS: readonly OptionSpec[] = [
  { name: 'name', arity: 1 }, { name: 'id', arity: 1, int: true }, { name: 'maxconn', arity: 1, int: true },
  { name: 'backlog', arity: 1, int: true }, { name: 'mode', arity: 1 }, { name: 'uid', arity: 1 }, { name: 'gid', arity: 1 },
  { name: 'user', arity: 1 }, { name: 'group', arity: 1 }, { name: 'v4v6', arity: 0 }, { name: 'v6only', arity: 0 },
  { name: 'interface', arity: 1 }, { name: 'defer-accept', arity: 0 }, { name: 'tfo', arity: 0 }, { name: 'transparent', arity: 0 },
  { name: 'accept-proxy', arity: 0 }, { name: 'accept-netscaler-cip', arity: 1 }, { name: 'nice', arity: 1, int: true },
  { name: 'proto', arity: 1 }, { name: 'tcp-ut', arity: 1 }, { name: 'mss', arity: 1 }, { name: 'level', arity: 1 },
  { name: 'expose-fd', arity: 1 }, { name: 'severity-output', arity: 1 },
  { name: 'process', arity: 1, ignored: true }, { name: 'thread', arity: 1, ignored: true },
  // TLS (served by the TLS issue; parsed here so configs check)
  { name: 'ssl', arity: 0 }, { name: 'crt', arity: 1, multi: true }, { name: 'crt-list', arity: 1, multi: true },
  { name: 'ca-file', arity: 1 }, { name: 'crl-file', arity: 1 }, { name: 'verify', arity: 1, values: ['none', 'optional', 'required'] },
  { name: 'alpn', arity: 1 }, { name: 'npn', arity: 1 }, { name: 'ciphers', arity: 1 }, { name: 'ciphersuites', arity: 1 },
  { name: 'curves', arity: 1 }, { name: 'ecdhe', arity: 1 }, { name: 'ssl-min-ver', arity: 1 }, { name: 'ssl-max-ver', arity: 1 },
  { name: 'no-sslv3', arity: 0 }, { name: 'no-tlsv10', arity: 0 }, { name: 'no-tlsv11', arity: 0 }, { name: 'no-tlsv12', arity: 0 },
  { name: 'no-tlsv13', arity: 0 }, { name: 'force-sslv3', arity: 0 }, { name: 'force-tlsv10', arity: 0 },
  { name: 'force-tlsv11', arity: 0 }, { name: 'force-tlsv12', arity: 0 }, { name: 'force-tlsv13', arity: 0 },
  { name: 'strict-sni', arity: 0 }, { name: 'no-tls-tickets', arity: 0 }, { name: 'prefer-client-ciphers', arity: 0 },
  { name: 'allow-0rtt', arity: 0 }, { name: 'no-ca-names', arity: 0 }, { name: 'ca-ignore-err', arity: 1 },
  { name: 'crt-ignore-err', arity: 1 }, { name: 'generate-certificates', arity: 0 }, { name: 'ca-sign-file', arity: 1 },
  { name: 'ca-sign-pass', arity: 1 },
]

const bindTable: ReadonlyMap<string, OptionSpec> = new Map(BIND_OPTIONS.map(o => [o.name, o]))

/** Parses the words after a bind address (also used by `stats socket`). */
export function parseBindOptions (ctx: Pick<KeywordContext, 'args' | 'report'>, from: number, kw: string): BindModel['options'] {
  return parseOptionWords(ctx, from, kw, bindTable, HAPROXY_BIND_OPTIONS, 'bind')
}

export const bindKeywords = defineKeywords([
  {
    kw: 'bind',
    sections: In.FEOnly,
    usage: 'bind [<address>]:<port_range> [, ...] [param*]',
    parse (ctx): KeywordResult {
      const text = ctx.args[1]
      if (text === undefined || text === '') return { alert: `'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.` }
      const list = parseAddressList(text, 'bind')
      if (!list.ok) return { alert: `'bind' : ${list.reason}.`, arg: 1 }
      const options = parseBindOptions(ctx, 2, 'bind')
      const bind: BindModel = { addresses: list.value.map(a => a.address), loc: ctx.loc, options }
      list.value.forEach((a, i) => {
        if (!a.needsResolve || a.address.kind !== 'inet') return
        const addr = a.address
        ctx.resolveLater({
          hostname: addr.hostname as string, family: addr.family, loc: ctx.loc,
          set: (host, family) => { (bind.addresses as BindModel['addresses'][number][])[i] = { ...addr, host, family } },
        })
      })
      ctx.proxy!.binds.push(bind)
      return undefined
    },
  },
])


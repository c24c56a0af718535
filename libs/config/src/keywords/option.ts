/**
 * `[no|default] option <name> [args]`: one table entry per option name.
 * Owns: parsing; each option lands in `proxy.options[name]` (enabled, args),
 * some also fill a typed field (forwardfor, originalto, redispatch).
 * HAProxy reference: src/cfgparse-listen.c cfg_opts[] and cfg_opts2[], section 4 of configuration.txt
 */
import { defineKeywords, In, Section, type KeywordContext, type KeywordResult, type SubKeywordDef } from '../keyword.js'
import { HAPROXY_OPTIONS } from '../haproxy-keywords.js'
import { closest } from '../suggest.js'
import { parseInteger } from '../units.js'

type OptionDef = SubKeywordDef<KeywordContext> & { readonly sections: number; readonly maxArgs?: number }

/** Options taking no argument, by the sections HAProxy allows them in. */
function flags (sections: number, names: readonly string[]): OptionDef[] {
  return names.map(name => ({ name, sections, usage: `option ${name}`, maxArgs: 0 }))
}

function forwardHeader (ctx: KeywordContext, values: readonly string[], dflt: string, allowIfNone: boolean): KeywordResult | { except?: string; header: string; ifNone: boolean } {
  let except: string | undefined
  let header = dflt
  let ifNone = false
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v === 'except' && values[i + 1] !== undefined) { except = values[++i]; continue }
    if (v === 'header' && values[i + 1] !== undefined) { header = values[++i] as string; continue }
    if (v === 'if-none' && allowIfNone) { ifNone = true; continue }
    return { alert: `'option ${ctx.args[1]}' expects 'except <network>', 'header <name>'${allowIfNone ? " or 'if-none'" : ''}, got '${v}'.`, arg: i + 2 }
  }
  return { ...(except === undefined ? {} : { except }), header, ifNone }
}

export const OPTIONS: readonly OptionDef[] = [
  ...flags(In.FE, ['dontlognull', 'dontlog-normal', 'log-separate-errors', 'socket-stats', 'http-ignore-probes',
    'clitcpka', 'tcp-smart-accept', 'accept-invalid-http-request', 'h1-case-adjust-bogus-client', 'logasap',
    'http-use-proxy-header', 'disable-h2-upgrade', 'idle-close-on-response', 'httpslog']),
  ...flags(In.BE, ['allbackups', 'abortonclose', 'srvtcpka', 'persist', 'prefer-last-server', 'checkcache',
    'accept-invalid-http-response', 'h1-case-adjust-bogus-server', 'tcp-smart-connect', 'transparent',
    'log-health-checks', 'tcp-check', 'ssl-hello-chk', 'redis-check', 'ldap-check', 'spop-check', 'external-check',
    'http-pretend-keepalive']),
  ...flags(In.Proxy, ['http-server-close', 'httpclose', 'http-keep-alive', 'http-buffer-request', 'http-no-delay',
    'tcpka', 'nolinger', 'contstats', 'independent-streams', 'splice-auto', 'splice-request', 'splice-response',
    'forceclose', 'http-tunnel']),
  { name: 'http-restrict-req-hdr-names', sections: In.Proxy, usage: 'option http-restrict-req-hdr-names { preserve | delete | reject }', maxArgs: 1,
    parse: (ctx, v) => ctx.prefix === 'no' || ['preserve', 'delete', 'reject'].includes(v[0] ?? '') ? undefined
      : { alert: `'option http-restrict-req-hdr-names' expects 'preserve', 'delete' or 'reject' option.`, arg: 2 } },
  { name: 'httplog', sections: In.Proxy, usage: 'option httplog [ clf ]', maxArgs: 1,
    parse: (_c, v) => v.length === 0 || v[0] === 'clf' ? undefined : { alert: `'option httplog' only supports the 'clf' argument, got '${v[0]}'.`, arg: 2 } },
  { name: 'tcplog', sections: In.Proxy, usage: 'option tcplog', maxArgs: 0 },
  { name: 'httpchk', sections: In.BE, usage: 'option httpchk [ <method> ] [ <uri> [ <version> ] ]', maxArgs: 3 },
  { name: 'smtpchk', sections: In.BE, usage: 'option smtpchk [ { HELO | EHLO } <domain> ]', maxArgs: 2 },
  { name: 'mysql-check', sections: In.BE, usage: 'option mysql-check [ user <username> [ { post-41 | pre-41 } ] ]', maxArgs: 3 },
  { name: 'pgsql-check', sections: In.BE, usage: 'option pgsql-check user <username>', maxArgs: 2 },
  {
    name: 'redispatch', sections: In.BE, usage: 'option redispatch [ <interval> ]', maxArgs: 1,
    parse (ctx, v): KeywordResult {
      const interval = v[0] === undefined ? REDISPATCH_LAST : parseInteger(v[0], -Number.MAX_SAFE_INTEGER)
      if (!interval.ok) return { alert: `'option redispatch' expects an integer interval, got '${v[0]}'.`, arg: 2 }
      if (ctx.prefix === 'no') delete ctx.proxy!.redispatch
      else ctx.proxy!.redispatch = { interval: interval.value }
      return undefined
    },
  },
  {
    name: 'forwardfor', sections: In.Proxy, usage: "option forwardfor [ except <network> ] [ header <name> ] [ if-none ]",
    parse (ctx, v): KeywordResult {
      const r = forwardHeader(ctx, v, 'X-Forwarded-For', true)
      if (r !== undefined && 'header' in r) {
        if (ctx.prefix === 'no') delete ctx.proxy!.forwardfor
        else ctx.proxy!.forwardfor = r
        return undefined
      }
      return r
    },
  },
  {
    name: 'originalto', sections: In.Proxy, usage: 'option originalto [ except <network> ] [ header <name> ]',
    parse (ctx, v): KeywordResult {
      const r = forwardHeader(ctx, v, 'X-Original-To', false)
      if (r !== undefined && 'header' in r) {
        if (ctx.prefix === 'no') delete ctx.proxy!.originalto
        else ctx.proxy!.originalto = r
        return undefined
      }
      return r
    },
  },
]

/** HAProxy's default interval: redispatch on the last retry. */
const REDISPATCH_LAST = { ok: true as const, value: -1 }

export const optionTable: ReadonlyMap<string, OptionDef> = new Map(OPTIONS.map(o => [o.name, o]))

export const optionKeywords = defineKeywords([
  {
    kw: 'option',
    sections: In.Proxy,
    usage: 'option <name> [ <arguments> ]',
    prefixes: true,
    parse (ctx): KeywordResult {
      const name = ctx.args[1]
      if (name === undefined) return { alert: "'option' expects an option name." }
      const def = optionTable.get(name)
      if (def === undefined) return unknownOption(name, ctx.section)
      if ((def.sections & ctx.section) === 0) {
        return { warning: `'option ${name}' ignored because ${sectionWord(ctx.section)} '${ctx.proxy!.name}' has no ${(def.sections & Section.Frontend) !== 0 ? 'frontend' : 'backend'} capability.` }
      }
      const values = ctx.args.slice(2)
      if (def.maxArgs !== undefined && values.length > def.maxArgs) {
        return { alert: `'option ${name}' cannot handle unexpected argument '${values[def.maxArgs]}'.`, arg: 2 + def.maxArgs }
      }
      if (ctx.prefix === 'no' && values.length > 0) return { alert: `'no option ${name}' does not take arguments.`, arg: 2 }
      const r = def.parse?.(ctx, values)
      if (r?.alert !== undefined) return r
      if (ctx.prefix === 'default') delete ctx.proxy!.options[name]
      else ctx.proxy!.options[name] = { enabled: ctx.prefix !== 'no', args: values, loc: ctx.loc }
      applyExclusive(ctx, name)
      return r
    },
  },
])

/** HTTP connection modes exclude each other: the last one written wins, as in HAProxy. */
const HTTP_MODES = ['http-server-close', 'httpclose', 'http-keep-alive', 'forceclose', 'http-tunnel']
function applyExclusive (ctx: KeywordContext, name: string): void {
  if (ctx.prefix !== undefined || !HTTP_MODES.includes(name)) return
  for (const other of HTTP_MODES) if (other !== name) delete ctx.proxy!.options[other]
}

function unknownOption (name: string, section: number): KeywordResult {
  if (HAPROXY_OPTIONS.includes(name)) return { alert: `'option ${name}' is an HAProxy keyword that switchyard does not support yet`, arg: 1 }
  const hint = closest(name, optionTable.keys())
  return { alert: `unknown option '${name}' in '${sectionWord(section)}' section${hint === undefined ? '' : `; did you mean '${hint}' maybe ?`}`, arg: 1 }
}

function sectionWord (section: number): string {
  return section === Section.Frontend ? 'frontend' : section === Section.Backend ? 'backend' : section === Section.Listen ? 'listen' : 'defaults'
}

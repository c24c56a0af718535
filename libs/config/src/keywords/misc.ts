/**
 * Proxy keywords kept as words for the stage that will use them (monitor,
 * unique-id, compression, external-check, ...) and `stick-table`, parsed into its model.
 * HAProxy reference: src/cfgparse-listen.c, src/stick_table.c parse_stick_table()
 */
import { defineKeywords, In, ignoredKeyword, type KeywordContext, type KeywordDef, type KeywordResult } from '../keyword.js'
import type { StickTableModel } from '../model.js'
import { parseSize, parseTime } from '../units.js'

function keep (kw: string, sections: number, usage: string): KeywordDef {
  return {
    kw,
    sections,
    usage,
    parse ({ args, proxy, loc }: KeywordContext): KeywordResult {
      if (args.length < 2) return { alert: `'${kw}' expects an argument.` }
      proxy!.other.push({ words: args, loc })
      return undefined
    },
  }
}

const TABLE_TYPES = ['ip', 'ipv6', 'integer', 'string', 'binary']

function stickTable ({ args, proxy, loc }: KeywordContext): KeywordResult {
  const type = args[1] === 'type' ? args[2] : undefined
  if (type === undefined || !TABLE_TYPES.includes(type)) return { alert: `'stick-table' expects 'type' followed by one of ${TABLE_TYPES.join(', ')}.`, arg: 1 }
  let size: number | undefined
  let len: number | undefined
  let expire: number | undefined
  let peers: string | undefined
  let nopurge = false
  const store: string[] = []
  for (let i = 3; i < args.length; i++) {
    const w = args[i] as string
    const v = args[i + 1]
    if (w === 'nopurge') { nopurge = true; continue }
    if (v === undefined) return { alert: `'stick-table' : '${w}' expects an argument.`, arg: i }
    i++
    if (w === 'size') {
      const s = parseSize(v)
      if (!s.ok) return { alert: `'stick-table' : 'size' expects <size>, got '${v}'.`, arg: i }
      size = s.value
    } else if (w === 'len') {
      len = Number(v)
    } else if (w === 'expire') {
      const t = parseTime(v)
      if (!t.ok) return { alert: `'stick-table' : 'expire' expects <time>, got '${v}'.`, arg: i }
      expire = t.value
    } else if (w === 'peers') {
      peers = v
    } else if (w === 'store') {
      store.push(...v.split(','))
    } else if (w === 'srvkey' || w === 'write-to' || w === 'recv-only') {
      continue
    } else {
      return { alert: `'stick-table' : unknown argument '${w}', expects 'size', 'expire', 'peers', 'store', 'len' or 'nopurge'.`, arg: i - 1 }
    }
  }
  if (size === undefined) return { alert: `'stick-table' : missing 'size'.` }
  const model: StickTableModel = {
    type: type as StickTableModel['type'], size, nopurge, store, loc,
    ...(len === undefined ? {} : { len }), ...(expire === undefined ? {} : { expire }), ...(peers === undefined ? {} : { peers }),
  }
  proxy!.stickTable = model
  return undefined
}

export const miscKeywords = defineKeywords([
  { kw: 'stick-table', sections: In.ProxyOnly, usage: 'stick-table type <type> size <size> [expire <time>] [peers <peers>] [store <data_type>]*', parse: stickTable },
  keep('monitor-uri', In.FE, 'monitor-uri <uri>'),
  keep('monitor', In.FEOnly, 'monitor fail { if | unless } <condition>'),
  keep('unique-id-format', In.FE, 'unique-id-format <string>'),
  keep('unique-id-header', In.FE, 'unique-id-header <name>'),
  keep('compression', In.Proxy, 'compression { algo | type | offload } ...'),
  keep('http-send-name-header', In.BE, 'http-send-name-header [<header>]'),
  keep('persist', In.BE, 'persist rdp-cookie[(<name>)]'),
  keep('source', In.BE, 'source <addr>[:<port>] [usesrc ...]'),
  keep('rate-limit', In.FE, 'rate-limit sessions <rate>'),
  keep('max-keep-alive-queue', In.BE, 'max-keep-alive-queue <value>'),
  keep('error-log-format', In.Proxy, 'error-log-format <string>'),
  keep('log-format-sd', In.Proxy, 'log-format-sd <string>'),
  keep('declare', In.FEOnly, 'declare capture [ request | response ] len <length>'),
  keep('email-alert', In.Proxy, 'email-alert { from | to | level | mailers | myhostname } <value>'),
  keep('server-state-file-name', In.BE, 'server-state-file-name [ { use-backend-name | <file> } ]'),
  keep('load-server-state-from-file', In.BE, 'load-server-state-from-file { global | local | none }'),
  {
    kw: 'external-check',
    sections: In.BE,
    usage: 'external-check { command <command> | path <path> }',
    parse ({ args, proxy, loc }): KeywordResult {
      const sub = args[1]
      if (sub !== 'command' && sub !== 'path') return { alert: `'external-check' only supports 'command' and 'path', got '${sub ?? ''}'.`, arg: 1 }
      if (args[2] === undefined) return { alert: `'external-check ${sub}' expects an argument.` }
      if (args.length > 3) return { alert: `'external-check ${sub}' cannot handle unexpected argument '${args[3]}'.`, arg: 3 }
      proxy!.other.push({ words: args, loc })
      return undefined
    },
  },
  {
    kw: 'retry-on',
    sections: In.BE,
    usage: 'retry-on [ none | conn-failure | empty-response | junk-response | response-timeout | 0rtt-rejected | all-retryable-errors | <status> ]...',
    parse ({ args, proxy }): KeywordResult {
      // As HAProxy 2.6 (cfgparse-listen.c): 'all' is not a keyword there either.
      const known = ['none', 'conn-failure', 'empty-response', 'junk-response', 'response-timeout', '0rtt-rejected', 'all-retryable-errors']
      const statuses = ['401', '403', '404', '408', '425', '500', '501', '502', '503', '504']
      if (args.length < 2) return { alert: `'retry-on' expects at least one keyword.` }
      for (let i = 1; i < args.length; i++) {
        const w = args[i] as string
        if (!known.includes(w) && !statuses.includes(w)) return { alert: `'retry-on' : unknown keyword '${w}'.`, arg: i }
      }
      proxy!.retryOn = args.slice(1)
      return undefined
    },
  },
  {
    kw: 'redispatch',
    sections: In.BE,
    usage: 'redispatch (deprecated, use option redispatch)',
    parse ({ proxy }): KeywordResult {
      proxy!.redispatch = { interval: -1 }
      return { warning: `keyword 'redispatch' is deprecated in favor of 'option redispatch', and will not be supported by future versions.` }
    },
  },
  ignoredKeyword('bind-process', In.Proxy),
])

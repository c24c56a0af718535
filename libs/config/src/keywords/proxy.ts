/**
 * Basic proxy settings: mode, maxconn, backlog, fullconn, retries, id,
 * description, disabled/enabled, hash-type, http-reuse.
 * Owns: parsing only; the data plane reads the ProxyModel fields.
 * HAProxy reference: src/cfgparse-listen.c cfg_parse_listen()
 */
import { defineKeywords, In, type KeywordResult, type KeywordDef } from '../keyword.js'
import { intArg, extraArgs, expects } from '../args.js'
import type { HttpReuse, ProxyMode } from '../model.js'

const MODES: readonly ProxyMode[] = ['http', 'tcp', 'log', 'spop']
const REUSE: readonly HttpReuse[] = ['never', 'safe', 'aggressive', 'always']
const HASH_METHODS = ['map-based', 'consistent']
const HASH_FNS = ['sdbm', 'djb2', 'wt6', 'crc32', 'none']

function intSetting (kw: string, sections: number, set: (p: import('../model.js').ProxyModel, n: number) => void, min = 0): KeywordDef {
  return {
    kw,
    sections,
    usage: `${kw} <number>`,
    parse ({ args, proxy }): KeywordResult {
      const n = intArg(args, 1, kw, min)
      if (!n.ok) return n.problem
      set(proxy!, n.value)
      return extraArgs(args, 2, kw)
    },
  }
}

export const proxyKeywords = defineKeywords([
  {
    kw: 'mode',
    sections: In.Proxy,
    usage: 'mode { tcp | http }',
    parse ({ args, proxy }): KeywordResult {
      const m = args[1] as ProxyMode | undefined
      if (m === undefined || !MODES.includes(m)) return { alert: `unknown proxy mode '${args[1] ?? ''}'.`, arg: 1 }
      if (m === 'log' || m === 'spop') return { alert: `'mode ${m}' is an HAProxy mode that switchyard does not support yet`, arg: 1 }
      proxy!.mode = m
      return extraArgs(args, 2, 'mode')
    },
  },
  intSetting('maxconn', In.FE, (p, n) => { p.maxconn = n }),
  intSetting('backlog', In.FE, (p, n) => { p.backlog = n }),
  intSetting('fullconn', In.BE, (p, n) => { p.fullconn = n }),
  intSetting('retries', In.BE, (p, n) => { p.retries = n }),
  intSetting('hash-balance-factor', In.BE, (p, n) => { p.hashBalanceFactor = n }),
  {
    kw: 'id',
    sections: In.ProxyOnly,
    usage: 'id <number>',
    parse ({ args, proxy }): KeywordResult {
      const n = intArg(args, 1, 'id', 1)
      if (!n.ok) return n.problem
      proxy!.id = n.value
      return extraArgs(args, 2, 'id')
    },
  },
  {
    kw: 'description',
    sections: In.Proxy,
    usage: 'description <text>',
    parse ({ args, proxy }): KeywordResult {
      if (args.length < 2) return expects('description', 'a string')
      proxy!.description = args.slice(1).join(' ')
      return undefined
    },
  },
  {
    kw: 'disabled',
    sections: In.Proxy,
    usage: 'disabled',
    parse ({ args, proxy }): KeywordResult { proxy!.disabled = true; return extraArgs(args, 1, 'disabled') },
  },
  {
    kw: 'enabled',
    sections: In.Proxy,
    usage: 'enabled',
    parse ({ args, proxy }): KeywordResult { proxy!.disabled = false; return extraArgs(args, 1, 'enabled') },
  },
  {
    kw: 'http-reuse',
    sections: In.BE,
    usage: 'http-reuse { never | safe | aggressive | always }',
    parse ({ args, proxy }): KeywordResult {
      const r = args[1] as HttpReuse | undefined
      if (r === undefined || !REUSE.includes(r)) return { alert: `'http-reuse' only supports 'never', 'safe', 'aggressive', 'always'`, arg: 1 }
      proxy!.httpReuse = r
      return extraArgs(args, 2, 'http-reuse')
    },
  },
  {
    kw: 'hash-type',
    sections: In.BE,
    usage: 'hash-type <method> <function> <modifier>',
    parse ({ args, proxy }): KeywordResult {
      const method = args[1]
      if (method === undefined || !HASH_METHODS.includes(method)) return { alert: `'hash-type' expects 'map-based' or 'consistent' but got '${method ?? ''}'.`, arg: 1 }
      const fn = args[2] ?? 'sdbm'
      if (!HASH_FNS.includes(fn)) return { alert: `'hash-type' expects a hash function among 'sdbm', 'djb2', 'wt6', 'crc32', 'none' but got '${fn}'.`, arg: 2 }
      const modifier = args[3]
      if (modifier !== undefined && modifier !== 'avalanche') return { alert: `'hash-type' only supports the 'avalanche' modifier, got '${modifier}'.`, arg: 3 }
      proxy!.hashType = { method, fn, ...(modifier === undefined ? {} : { modifier }) }
      return extraArgs(args, 4, 'hash-type')
    },
  },
])

/**
 * `stats <sub> ...` in proxies: the stats page settings the seed shows
 * (`stats enable`, `stats uri /stats`, `stats refresh 30s`) and the rest.
 * HAProxy reference: src/cfgparse-listen.c "stats", src/stats.c
 */
import { defineKeywords, In, type KeywordResult } from '../keyword.js'
import { HAPROXY_STATS_KEYWORDS } from '../haproxy-keywords.js'
import { splitCondition, timeArg } from '../args.js'
import { closest } from '../suggest.js'
import type { StatsModel } from '../model.js'

type StatsSub = (s: StatsModel, args: readonly string[]) => KeywordResult

const one = (name: string, set: (s: StatsModel, v: string) => void): StatsSub => (s, args) => {
  if (args[2] === undefined) return { alert: `'stats ${name}' expects an argument.` }
  set(s, args.slice(2).join(' '))
  return undefined
}

const SUBS: Readonly<Record<string, StatsSub>> = {
  enable: (s) => { s.enabled = true; return undefined },
  uri: one('uri', (s, v) => { s.uri = v; s.enabled = true }),
  realm: one('realm', (s, v) => { s.realm = v; s.enabled = true }),
  auth: (s, args) => {
    const v = args[2]
    if (v === undefined || !v.includes(':')) return { alert: `'stats auth' expects <user>:<password> in argument.`, arg: 2 }
    s.auth.push(v)
    s.enabled = true
    return undefined
  },
  scope: one('scope', (s, v) => { s.scope.push(v); s.enabled = true }),
  refresh: (s, args) => {
    const t = timeArg(args, 2, 'stats refresh')
    if (!t.ok) return t.problem
    s.refresh = t.value
    s.enabled = true
    return undefined
  },
  'hide-version': (s) => { s.hideVersion = true; s.enabled = true; return undefined },
  'show-legends': (s) => { s.showLegends = true; s.enabled = true; return undefined },
  'show-node': (s, args) => { s.showNode = args[2] ?? ''; s.enabled = true; return undefined },
  'show-desc': (s, args) => { s.showDesc = args.slice(2).join(' '); s.enabled = true; return undefined },
  admin: (s, args) => {
    const { cond } = splitCondition(args)
    if (cond === undefined || cond.words.length === 0) return { alert: `'stats admin' requires either 'if' or 'unless' followed by a condition.` }
    s.admin.push(cond)
    return undefined
  },
}

export const statsKeywords = defineKeywords([
  {
    kw: 'stats',
    sections: In.Proxy,
    usage: 'stats { enable | uri <prefix> | refresh <delay> | realm <realm> | auth <user>:<passwd> | scope <name> | admin { if | unless } <cond> | hide-version | show-legends | show-node [<name>] | show-desc [<desc>] }',
    parse ({ args, proxy, loc }): KeywordResult {
      const sub = args[1] ?? ''
      const fn = SUBS[sub]
      if (fn === undefined) {
        if (HAPROXY_STATS_KEYWORDS.includes(sub)) return { alert: `'stats ${sub}' is an HAProxy keyword that switchyard does not support yet`, arg: 1 }
        if (sub === 'socket') return { alert: `'stats socket' is only allowed in the 'global' section.`, arg: 1 }
        const hint = closest(sub, Object.keys(SUBS))
        return { alert: `unknown stats parameter '${sub}', expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'${hint === undefined ? '' : `; did you mean '${hint}' maybe ?`}.`, arg: 1 }
      }
      const r = fn(proxy!.stats, args)
      if (r === undefined) proxy!.stats.lines.push({ words: args, loc })
      return r
    },
  },
])

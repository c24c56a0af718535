/**
 * Every config keyword family, in one explicit list (greppable, ordered).
 * Adding a family: one import line here. Adding a keyword: its family file.
 */
import type { KeywordDef } from '../keyword.js'
import { globalKeywords } from './global.js'
import { proxyKeywords } from './proxy.js'
import { timeoutKeywords } from './timeout.js'
import { optionKeywords } from './option.js'
import { bindKeywords } from './bind.js'
import { serverKeywords } from './server.js'
import { balanceKeywords } from './balance.js'
import { cookieKeywords } from './cookie.js'
import { routingKeywords } from './routing.js'
import { ruleKeywords } from './rules.js'
import { statsKeywords } from './stats.js'
import { errorKeywords } from './errors.js'
import { logKeywords } from './log.js'
import { miscKeywords } from './misc.js'
import { sectionKeywords } from './sections.js'

export const families: Readonly<Record<string, readonly KeywordDef[]>> = {
  global: globalKeywords,
  proxy: proxyKeywords,
  timeout: timeoutKeywords,
  option: optionKeywords,
  bind: bindKeywords,
  server: serverKeywords,
  balance: balanceKeywords,
  cookie: cookieKeywords,
  routing: routingKeywords,
  rules: ruleKeywords,
  stats: statsKeywords,
  errors: errorKeywords,
  log: logKeywords,
  misc: miscKeywords,
  sections: sectionKeywords,
}

/** All keywords by name; a name may have several descriptors for disjoint sections. */
export const registry: ReadonlyMap<string, readonly KeywordDef[]> = buildRegistry(Object.values(families).flat())

function buildRegistry (defs: readonly KeywordDef[]): Map<string, KeywordDef[]> {
  const m = new Map<string, KeywordDef[]>()
  for (const d of defs) {
    const list = m.get(d.kw) ?? []
    list.push(d)
    m.set(d.kw, list)
  }
  return m
}

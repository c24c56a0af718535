/**
 * The balance algorithm table: one import per algorithm file, in HAProxy's
 * documentation order. Adding an algorithm = one file + one line here.
 * HAProxy reference: src/backend.c backend_parse_balance()
 */
import type { BalanceDef } from '../balancer.js'
import { first } from './first.js'
import { hashExpr } from './hash.js'
import { hdr } from './hdr.js'
import { leastconn } from './leastconn.js'
import { random } from './random.js'
import { rdpCookie } from './rdp-cookie.js'
import { roundrobin } from './roundrobin.js'
import { source } from './source.js'
import { staticRr } from './static-rr.js'
import { uri } from './uri.js'
import { urlParam } from './url-param.js'

const ALL: readonly BalanceDef[] = [
  roundrobin, staticRr, leastconn, first, source, uri, urlParam, hdr, random, rdpCookie, hashExpr,
]

export const balanceAlgorithms: ReadonlyMap<string, BalanceDef> = new Map(ALL.map((d) => [d.name, d]))

export function findBalance (name: string): BalanceDef | undefined {
  return balanceAlgorithms.get(name)
}

/**
 * Splits a `balance` word with a parenthesised argument: 'hdr(Host)' gives
 * { name: 'hdr', inner: 'Host' }, 'random()' gives inner ''. The caller passes
 * `inner` (when defined) as the first element of parseArgs' args. A word with an
 * unbalanced '(' is returned whole as the name, so the lookup fails.
 */
export function splitBalanceWord (word: string): { name: string, inner?: string } {
  const open = word.indexOf('(')
  if (open < 0) return { name: word }
  if (open === 0 || !word.endsWith(')')) return { name: word }
  return { name: word.slice(0, open), inner: word.slice(open + 1, -1) }
}

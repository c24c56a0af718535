/**
 * `balance <algorithm> [<arguments>]`: looks the algorithm up in libs/lb's
 * table and lets its descriptor check the arguments.
 * HAProxy reference: src/backend.c backend_parse_balance()
 */
import { findBalance, splitBalanceWord, balanceAlgorithms } from '@switchyard/lb'
import { defineKeywords, In, type KeywordResult } from '../keyword.js'
import { closest } from '../suggest.js'

export const balanceKeywords = defineKeywords([
  {
    kw: 'balance',
    sections: In.BE,
    usage: 'balance <algorithm> [ <arguments> ]',
    parse ({ args, proxy }): KeywordResult {
      const word = args[1]
      if (word === undefined) return { alert: `'balance' expects an algorithm name (${[...balanceAlgorithms.keys()].join(', ')}).` }
      const { name, inner } = splitBalanceWord(word)
      const def = findBalance(name)
      if (def === undefined) {
        const hint = closest(name, balanceAlgorithms.keys())
        return { alert: `unknown balancing algorithm '${name}'${hint === undefined ? '' : `; did you mean '${hint}' maybe ?`}`, arg: 1 }
      }
      const rest = inner === undefined ? args.slice(2) : [inner, ...args.slice(2)]
      const parsed = def.parseArgs(rest)
      if (!parsed.ok) return { alert: `'balance ${name}' ${parsed.reason}.`, arg: 1 }
      proxy!.balance = { algorithm: name, args: rest }
      return undefined
    },
  },
])

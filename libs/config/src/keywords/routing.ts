/**
 * Routing declarations: `acl`, `default_backend`, `use_backend`, `use-server`,
 * `force-persist`, `ignore-persist`. Kept as words with their condition; the
 * rules library compiles conditions, check.ts verifies backend names.
 * HAProxy reference: src/cfgparse-listen.c, src/acl.c
 */
import { defineKeywords, In, type KeywordResult } from '../keyword.js'
import { splitCondition, extraArgs } from '../args.js'

export const routingKeywords = defineKeywords([
  {
    kw: 'acl',
    sections: In.ProxyOnly,
    usage: 'acl <aclname> <criterion> [flags] [operator] <value> ...',
    parse ({ args, proxy, loc }): KeywordResult {
      const name = args[1]
      if (name === undefined || name === '') return { alert: `'acl' expects an ACL name.` }
      const bad = /[^A-Za-z0-9_.:-]/.exec(name)
      if (bad !== null) return { alert: `character '${bad[0]}' is not permitted in acl name '${name}'.`, arg: 1 }
      if (args[2] === undefined) return { alert: `missing fetch method in ACL expression '${name}'.`, arg: 1 }
      proxy!.acls.push({ words: args.slice(1), loc })
      return undefined
    },
  },
  {
    kw: 'default_backend',
    sections: In.FE,
    usage: 'default_backend <backend>',
    parse ({ args, proxy, loc }): KeywordResult {
      if (args[1] === undefined) return { alert: `'default_backend' expects a backend name.` }
      proxy!.defaultBackend = args[1]
      proxy!.defaultBackendLoc = loc
      return extraArgs(args, 2, 'default_backend')
    },
  },
  {
    kw: 'use_backend',
    sections: In.FEOnly,
    usage: 'use_backend <backend> [{if | unless} <condition>]',
    parse ({ args, proxy, loc }): KeywordResult {
      const { head, cond } = splitCondition(args)
      if (head[1] === undefined) return { alert: `'use_backend' expects a backend name.` }
      if (head.length > 2) return { alert: `'use_backend' expects only one backend name before 'if' or 'unless', got '${head[2]}'.`, arg: 2 }
      if (cond !== undefined && cond.words.length === 0) return { alert: `'use_backend' : missing condition after '${cond.polarity}'.` }
      proxy!.useBackends.push({ backend: head[1], ...(cond === undefined ? {} : { cond }), loc })
      return undefined
    },
  },
  {
    kw: 'use-server',
    sections: In.BEOnly,
    usage: 'use-server <server> [{if | unless} <condition>]',
    parse ({ args, proxy, loc }): KeywordResult {
      const { head, cond } = splitCondition(args)
      if (head[1] === undefined) return { alert: `'use-server' expects a server name.` }
      if (cond === undefined) return { alert: `'use-server' requires either 'if' or 'unless' followed by a condition.` }
      proxy!.useServers.push({ server: head[1], cond, loc })
      return undefined
    },
  },
  ...(['force-persist', 'ignore-persist'] as const).map(kw => ({
    kw,
    sections: In.ProxyOnly,
    usage: `${kw} { if | unless } <condition>`,
    parse ({ args, proxy, loc }: import('../keyword.js').KeywordContext): KeywordResult {
      const { cond } = splitCondition(args)
      if (cond === undefined || cond.words.length === 0) return { alert: `'${kw}' requires either 'if' or 'unless' followed by a condition.` }
      ;(proxy!.rules[kw] ??= []).push({ words: args, loc })
      return undefined
    },
  })),
])

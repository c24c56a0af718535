/**
 * Routing declarations: `acl`, `default_backend`, `use_backend`, `use-server`,
 * `force-persist`, `ignore-persist`. Kept as words with their condition; the
 * rules library compiles conditions, check.ts verifies backend names.
 * HAProxy reference: src/cfgparse-listen.c, src/acl.c
 */
import { defineKeywords, In, type KeywordResult, type KeywordContext } from '../keyword.js'
import { splitCondition, extraArgs } from '../args.js'
import { compileAcl, compileAclTable, compileCondition, type ReadText } from '@switchyard/rules'
import type { ProxyModel, RawCondition } from '../model.js'

export const routingKeywords = defineKeywords([
  {
    kw: 'acl',
    sections: In.ProxyOnly,
    usage: 'acl <aclname> <criterion> [flags] [operator] <value> ...',
    parse ({ args, proxy, loc, readFile }): KeywordResult {
      const name = args[1]
      if (name === undefined || name === '') return { alert: `'acl' expects an ACL name.` }
      const bad = /[^A-Za-z0-9_.:-]/.exec(name)
      if (bad !== null) return { alert: `character '${bad[0]}' is not permitted in acl name '${name}'.`, arg: 1 }
      if (args[2] === undefined) return { alert: `missing fetch method in ACL expression '${name}'.`, arg: 1 }
      const acl = compileAcl(args.slice(2), textReader(readFile))
      // A fetch HAProxy has and switchyard does not evaluate yet passes the check;
      // the data plane refuses to start with it (services/dataplane/src/unsupported.ts).
      if (!acl.ok && acl.unsupported !== true) return { alert: `error detected while parsing ACL '${name}' : ${acl.reason}.`, arg: 2 + acl.word }
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
    parse ({ args, proxy, loc, readFile }): KeywordResult {
      const { head, cond } = splitCondition(args)
      if (head[1] === undefined) return { alert: `'use_backend' expects a backend name.` }
      if (head.length > 2) return { alert: `'use_backend' expects only one backend name before 'if' or 'unless', got '${head[2]}'.`, arg: 2 }
      if (cond !== undefined && cond.words.length === 0) return { alert: `'use_backend' : missing condition after '${cond.polarity}'.` }
      const bad = cond === undefined ? undefined : checkCondition(proxy!, cond, head.length + 1, textReader(readFile))
      if (bad !== undefined) return { alert: `error detected while parsing switching rule : ${bad.alert}.`, arg: bad.arg }
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

/**
 * Compiles a condition against the ACLs declared so far (HAProxy resolves names when
 * it parses the rule, so an ACL must come before its use). `first`: the index of the
 * condition's first word in the line's args, for the column.
 */
export function checkCondition (proxy: ProxyModel, cond: RawCondition, first: number, read: ReadText): { alert: string; arg: number } | undefined {
  const table = compileAclTable(proxy.acls, read)
  if (!table.ok) return undefined   // reported on its own line, or not supported yet
  const c = compileCondition(cond.polarity, cond.words, table.value, read)
  // A fetch HAProxy has and switchyard does not evaluate yet: the data plane refuses it.
  return c.ok || c.unsupported === true ? undefined : { alert: c.reason, arg: first + c.word }
}

/** The keyword context's file reader in the rules library's shape (pattern files of `-f`). */
function textReader (read: KeywordContext['readFile']): ReadText {
  return (path) => { const r = read(path); return r.ok ? { ok: true, value: r.text } : r }
}

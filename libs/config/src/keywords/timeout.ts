/**
 * `timeout <name> <time>` for defaults/frontend/backend/listen.
 * Owns: parsing and range checks only; the data plane reads `proxy.timeouts`.
 * Registers: timeout client|server|connect|queue|tunnel|http-request|http-keep-alive|check|...
 * HAProxy reference: src/proxy.c proxy_parse_timeout()
 */
import { defineKeywords, In, Section, type KeywordResult } from '../keyword.js'
import { TIMEOUT_NAMES, type TimeoutName } from '../model.js'
import { timeArg, extraArgs } from '../args.js'
import { closest } from '../suggest.js'

/** Which side of a proxy each timeout belongs to (HAProxy warns when it cannot apply). */
const SIDE: Readonly<Record<TimeoutName, number>> = {
  client: In.FE, 'client-fin': In.FE, 'http-request': In.Proxy, 'http-keep-alive': In.Proxy, tarpit: In.Proxy,
  server: In.BE, 'server-fin': In.BE, connect: In.BE, queue: In.BE, check: In.BE, tunnel: In.BE,
}

/** Pre-1.5 aliases HAProxy still accepts. */
const ALIASES: Readonly<Record<string, TimeoutName>> = { clitimeout: 'client', srvtimeout: 'server', contimeout: 'connect' }

export const timeoutKeywords = defineKeywords([
  {
    kw: 'timeout',
    sections: In.Proxy,
    usage: 'timeout <name> <time>',
    parse ({ args, proxy, section }): KeywordResult {
      const name = args[1] ?? ''
      if (!(TIMEOUT_NAMES as readonly string[]).includes(name)) {
        const hint = closest(name, TIMEOUT_NAMES)
        return { alert: `'timeout' supports 'client', 'server', 'connect', 'check', 'queue', 'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin' (got '${name}')${hint === undefined ? '' : `; did you mean '${hint}' maybe ?`}`, arg: 1 }
      }
      const t = timeArg(args, 2, `timeout ${name}`)
      if (!t.ok) return t.problem
      const extra = extraArgs(args, 3, `timeout ${name}`)
      if (extra !== undefined) return extra
      proxy!.timeouts[name as TimeoutName] = t.value
      if ((SIDE[name as TimeoutName] & section) === 0) {
        return { warning: `'timeout ${name}' will be ignored because ${section === Section.Frontend ? 'frontend' : 'backend'} '${proxy!.name}' has no ${section === Section.Frontend ? 'backend' : 'frontend'} capability` }
      }
      return undefined
    },
  },
  ...Object.entries(ALIASES).map(([kw, name]) => ({
    kw,
    sections: In.Proxy,
    usage: `${kw} <time> (deprecated, use 'timeout ${name}')`,
    parse ({ args, proxy }: { args: readonly string[]; proxy: import('../model.js').ProxyModel | undefined }): KeywordResult {
      const t = timeArg(args, 1, kw)
      if (!t.ok) return t.problem
      proxy!.timeouts[name] = t.value
      return { warning: `the '${kw}' directive is now deprecated in favor of 'timeout ${name}', and will not be supported in future versions.` }
    },
  })),
])

/**
 * Logging declarations: `log` (global and proxies, `log global`, `no log`),
 * `log-format`, `log-tag`, `capture request|response header`, `capture cookie`.
 * Kept as words; the log issue compiles formats and targets.
 * HAProxy reference: src/log.c parse_logsrv(), src/cfgparse-listen.c "capture"
 */
import { defineKeywords, In, Section, type KeywordResult } from '../keyword.js'
import { parseAddress } from '../units.js'

const FACILITIES = ['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'auth2',
  'ftp', 'ntp', 'audit', 'alert', 'cron2', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7']
const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug']

/** Validates `log <target> [len N] [format F] [sample R:S] <facility> [level [minlevel]]`. */
function checkLog (args: readonly string[]): KeywordResult {
  const target = args[1]
  if (target === undefined) return { alert: `'log' expects either <address[:port]> and <facility> or 'global' as arguments.` }
  if (!['stdout', 'stderr'].includes(target) && !target.startsWith('ring@')) {
    const a = parseAddress(target, 'log')
    if (!a.ok) return { alert: `'log' : ${a.reason}.`, arg: 1 }
  }
  let i = 2
  while (args[i] === 'len' || args[i] === 'format' || args[i] === 'sample') i += 2
  const facility = args[i]
  if (facility === undefined || !FACILITIES.includes(facility)) return { alert: `'log' : unknown log facility '${facility ?? ''}'.`, arg: Math.min(i, args.length - 1) }
  for (let j = i + 1; j < Math.min(args.length, i + 3); j++) {
    if (!LEVELS.includes(args[j] as string)) return { alert: `'log' : unknown optional log level '${args[j]}'.`, arg: j }
  }
  if (args.length > i + 3) return { alert: `'log' cannot handle unexpected argument '${args[i + 3]}'.`, arg: i + 3 }
  return undefined
}

export const logKeywords = defineKeywords([
  {
    kw: 'log',
    sections: Section.Global,
    usage: 'log <target> [len <length>] [format <format>] [sample <ranges>:<size>] <facility> [max level [min level]]',
    parse ({ args, global, loc }): KeywordResult {
      const r = checkLog(args)
      if (r === undefined) global.logs.push({ words: args, loc })
      return r
    },
  },
  {
    kw: 'log',
    sections: In.Proxy,
    prefixes: true,
    usage: 'log { global | <target> [len <length>] [format <format>] <facility> [max level [min level]] } | no log',
    parse ({ args, proxy, loc, prefix }): KeywordResult {
      if (prefix === 'no') { proxy!.logs = []; return undefined }
      if (args[1] === 'global') { proxy!.logs.push({ words: args, loc }); return undefined }
      const r = checkLog(args)
      if (r === undefined) proxy!.logs.push({ words: args, loc })
      return r
    },
  },
  {
    kw: 'log-format',
    sections: In.Proxy,
    usage: 'log-format <string>',
    parse ({ args, proxy }): KeywordResult {
      if (args.length < 2) return { alert: `'log-format' expects a format string.` }
      proxy!.logFormat = args.slice(1).join(' ')
      return undefined
    },
  },
  {
    kw: 'log-tag',
    sections: In.Proxy,
    usage: 'log-tag <string>',
    parse ({ args, proxy, loc }): KeywordResult {
      if (args[1] === undefined) return { alert: `'log-tag' expects a tag for use in syslog.` }
      proxy!.other.push({ words: args, loc })
      return undefined
    },
  },
  {
    kw: 'capture',
    sections: In.FEOnly,
    usage: 'capture { cookie <name> len <length> | request header <name> len <length> | response header <name> len <length> }',
    parse ({ args, proxy, loc }): KeywordResult {
      const ok = (args[1] === 'cookie' && args[3] === 'len') ||
        ((args[1] === 'request' || args[1] === 'response') && args[2] === 'header' && args[4] === 'len')
      const len = args[1] === 'cookie' ? args[4] : args[5]
      if (!ok || len === undefined || !/^\d+$/.test(len)) return { alert: `'capture' expects 'cookie <name> len <len>', 'request header <name> len <len>' or 'response header <name> len <len>'.` }
      proxy!.captures.push({ words: args, loc })
      return undefined
    },
  },
])

/**
 * The `global` section: process settings, `stats socket`, tune.* and ssl-default-*.
 * Repeated global sections merge into one GlobalModel (VTest relies on it).
 * Pure tuning keywords with no meaning for a Node process are accepted with a warning.
 * HAProxy reference: src/cfgparse-global.c cfg_parse_global()
 */
import { defineKeywords, ignoredKeyword, Section, type KeywordContext, type KeywordDef, type KeywordResult } from '../keyword.js'
import type { GlobalModel } from '../model.js'
import { parseAddress } from '../units.js'
import { extraArgs, intArg, sizeArg, timeArg, expects } from '../args.js'
import { parseBindOptions } from './bind.js'

const G = Section.Global

function flag (kw: string, set: (g: GlobalModel) => void): KeywordDef {
  return { kw, sections: G, usage: kw, parse: ({ args, global }) => { set(global); return extraArgs(args, 1, kw) } }
}

function str (kw: string, set: (g: GlobalModel, v: string) => void): KeywordDef {
  return {
    kw,
    sections: G,
    usage: `${kw} <value>`,
    parse ({ args, global }): KeywordResult {
      if (args[1] === undefined) return expects(kw, 'an argument')
      set(global, args[1])
      return extraArgs(args, 2, kw)
    },
  }
}

function keep (kw: string, usage = `${kw} <value>`): KeywordDef {
  return { kw, sections: G, usage, parse: ({ args, global, loc }) => { global.other.push({ words: args, loc }); return undefined } }
}

/** tune.* keywords the data plane honours; every other tune.* is accepted and ignored. */
const TUNE_INT = ['tune.bufsize', 'tune.http.maxhdr', 'tune.maxrewrite', 'tune.h2.max-concurrent-streams',
  'tune.h2.initial-window-size', 'tune.idletimer', 'tune.maxaccept', 'tune.http.cookielen', 'tune.http.logurilen']

function tuneKeyword (kw: string): KeywordDef {
  return {
    kw,
    sections: G,
    usage: `${kw} <number>`,
    parse ({ args, global }): KeywordResult {
      const v = kw === 'tune.bufsize' ? sizeArg(args, 1, kw) : intArg(args, 1, kw)
      if (!v.ok) return v.problem
      global.tune[kw] = v.value
      return extraArgs(args, 2, kw)
    },
  }
}

/** Tuning that means nothing for this process model; kept so pasted configs load. */
export const IGNORED_GLOBAL = [
  'cpu-map', 'ulimit-n', 'noepoll', 'nokqueue', 'noevports', 'nopoll', 'nosplice', 'nogetaddrinfo', 'noreuseport',
  'busy-polling', 'max-spread-checks', 'maxsslconn', 'maxpipes', 'maxcompcpuusage', 'maxcomprate', 'maxconnrate',
  'maxsessrate', 'maxsslrate', 'maxzlibmem', 'ssl-engine', 'ssl-mode-async', 'thread-groups', 'numa-cpu-mapping',
  'profiling.tasks', 'profiling.memory', 'nbproc', 'tune.ssl.cachesize', 'tune.ssl.lifetime', 'tune.ssl.default-dh-param',
  'tune.ssl.maxrecord', 'tune.ssl.force-private-cache', 'tune.ssl.capture-buffer-size', 'tune.ssl.capture-cipherlist-size',
  'tune.ssl.keylog', 'tune.ssl.ssl-ctx-cache-size', 'tune.ssl.ocsp-update.maxdelay', 'tune.ssl.ocsp-update.mindelay',
  'tune.rcvbuf.client', 'tune.rcvbuf.server', 'tune.sndbuf.client', 'tune.sndbuf.server', 'tune.pipesize',
  'tune.recv_enough', 'tune.runqueue-depth', 'tune.sched.low-latency', 'tune.fd.edge-triggered', 'tune.pattern.cache-size',
  'tune.zlib.memlevel', 'tune.zlib.windowsize', 'tune.comp.maxlevel', 'tune.lua.maxmem', 'tune.lua.session-timeout',
  'tune.lua.task-timeout', 'tune.lua.service-timeout', 'tune.lua.forced-yield', 'tune.buffers.limit', 'tune.buffers.reserve',
  'tune.maxpollevents', 'tune.pool-high-fd-ratio', 'tune.pool-low-fd-ratio', 'tune.idle-pool.shared', 'tune.listener.multi-queue',
  'tune.vars.global-max-size', 'tune.vars.proc-max-size', 'tune.vars.reqres-max-size', 'tune.vars.sess-max-size',
  'tune.vars.txn-max-size', 'tune.memory.hot-size', 'tune.disable-fast-forward', 'tune.disable-zero-copy-forwarding',
  'tune.h2.header-table-size', 'tune.h2.max-frame-size', 'tune.h2.be.initial-window-size', 'tune.h2.fe.initial-window-size',
  'tune.quic.frontend.conn-tx-buffers.limit', 'tune.quic.frontend.max-idle-timeout', 'tune.quic.frontend.max-streams-bidi',
  'tune.quic.retry-threshold', 'tune.quic.socket-owner', 'tune.ssl.hard-maxrecord', 'tune.chksize',
  'spread-checks', 'server-state-file', 'server-state-base', 'insecure-fork-wanted', 'insecure-setuid-wanted',
  'expose-experimental-directives', 'set-dumpable', 'strict-limits', 'unix-bind', 'uid', 'gid', 'node', 'description',
  'h1-case-adjust', 'h1-case-adjust-file', 'pp2-never-send-local', 'issuers-chain-path', 'ssl-load-extra-files',
  'ssl-load-extra-del-ext', 'ssl-skip-self-issued-ca', 'localpeer-strict', 'grace', 'quiet', 'zero-warning',
  'fd-hard-limit', 'cluster-secret', 'anonkey', 'no-memory-trimming',
]

const SSL_DEFAULTS = ['ssl-default-bind-ciphers', 'ssl-default-bind-ciphersuites', 'ssl-default-bind-options',
  'ssl-default-bind-curves', 'ssl-default-bind-sigalgs', 'ssl-default-bind-client-sigalgs', 'ssl-default-server-ciphers',
  'ssl-default-server-ciphersuites', 'ssl-default-server-options', 'ssl-default-server-curves', 'ssl-default-server-sigalgs',
  'ssl-dh-param-file', 'ssl-server-verify', 'ca-base', 'crt-base', 'key-base', 'ssl-propquery', 'ssl-provider',
  'ssl-provider-path']

function sslDefault (kw: string): KeywordDef {
  return {
    kw,
    sections: G,
    usage: `${kw} <value> ...`,
    parse ({ args, global }): KeywordResult {
      if (args[1] === undefined) return expects(kw, 'an argument')
      if (kw === 'ssl-server-verify' && args[1] !== 'none' && args[1] !== 'required') return { alert: `'ssl-server-verify' expects 'none' or 'required' as argument.`, arg: 1 }
      global.ssl[kw] = args.length > 2 ? args.slice(1) : args[1]
      return undefined
    },
  }
}

function statsGlobal (ctx: KeywordContext): KeywordResult {
  const { args, global, loc } = ctx
  switch (args[1]) {
    case 'socket': {
      const a = args[2]
      if (a === undefined) return expects('stats socket', '<path> or <address>')
      const parsed = parseAddress(a, 'bind')
      if (!parsed.ok) return { alert: `'stats socket' : ${parsed.reason}.`, arg: 2 }
      const options = parseBindOptions(ctx, 3, 'stats socket') as Record<string, string | boolean>
      const level = options['level']
      if (level !== undefined && !['user', 'operator', 'admin'].includes(String(level))) return { alert: `'stats socket' : 'level' only supports 'user', 'operator', and 'admin'.` }
      global.statsSockets.push({ address: parsed.value.address, options, loc })
      return undefined
    }
    case 'timeout': {
      const t = timeArg(args, 2, 'stats timeout')
      if (!t.ok) return t.problem
      global.statsTimeout = t.value
      return undefined
    }
    case 'maxconn': case 'bind-process':
      return { warning: `'stats ${args[1]}' is ignored by switchyard: tuning that has no effect here.` }
    default:
      return { alert: `'stats' expects 'socket', 'maxconn', 'timeout' in 'global' section, got '${args[1] ?? ''}'.`, arg: 1 }
  }
}

/** Environment changes apply to the lines after them, as in HAProxy (3.1 "setenv"). */
function envKeyword (kw: 'setenv' | 'presetenv' | 'resetenv' | 'unsetenv'): KeywordDef {
  return {
    kw,
    sections: G,
    usage: kw === 'setenv' || kw === 'presetenv' ? `${kw} <name> <value>` : `${kw} [<name> ...]`,
    parse ({ args, global, loc, env }): KeywordResult {
      if (kw === 'setenv' || kw === 'presetenv') {
        const [, name, value] = args
        if (name === undefined || value === undefined) return expects(kw, '<name> and <value>')
        global.setenv.push({ name, value })
        if (kw === 'setenv' || env[name] === undefined) env[name] = value
        return extraArgs(args, 3, kw)
      }
      global.other.push({ words: args, loc })
      const names = args.slice(1)
      for (const name of Object.keys(env)) {
        if (kw === 'unsetenv' ? names.includes(name) : !names.includes(name)) delete env[name]
      }
      return undefined
    },
  }
}

export const globalKeywords = defineKeywords([
  flag('daemon', g => { g.daemon = true }),
  flag('master-worker', g => { g.masterWorker = true }),
  {
    kw: 'maxconn',
    sections: G,
    usage: 'maxconn <number>',
    parse ({ args, global }): KeywordResult {
      const n = intArg(args, 1, 'maxconn', 1)
      if (!n.ok) return n.problem
      global.maxconn = n.value
      return extraArgs(args, 2, 'maxconn')
    },
  },
  {
    kw: 'nbthread',
    sections: G,
    usage: 'nbthread <number>',
    parse ({ args, global }): KeywordResult {
      const n = intArg(args, 1, 'nbthread', 1, 4096)
      if (!n.ok) return n.problem
      global.nbthread = n.value
      return extraArgs(args, 2, 'nbthread')
    },
  },
  str('pidfile', (g, v) => { g.pidfile = v }),
  str('user', (g, v) => { g.user = v }),
  str('group', (g, v) => { g.group = v }),
  str('chroot', (g, v) => { g.chroot = v }),
  str('localpeer', (g, v) => { g.localPeer = v }),
  str('log-tag', (g, v) => { g.logTag = v }),
  {
    kw: 'hard-stop-after',
    sections: G,
    usage: 'hard-stop-after <time>',
    parse ({ args, global }): KeywordResult {
      const t = timeArg(args, 1, 'hard-stop-after')
      if (!t.ok) return t.problem
      global.hardStopAfter = t.value
      return extraArgs(args, 2, 'hard-stop-after')
    },
  },
  { kw: 'stats', sections: G, usage: 'stats { socket <address> [param*] | timeout <time> | maxconn <n> }', parse: statsGlobal },
  keep('log-send-hostname', 'log-send-hostname [<string>]'),
  keep('external-check'),
  keep('mworker-max-reloads'),
  ...TUNE_INT.map(tuneKeyword),
  ...SSL_DEFAULTS.map(sslDefault),
  envKeyword('setenv'), envKeyword('presetenv'), envKeyword('resetenv'), envKeyword('unsetenv'),
  ...IGNORED_GLOBAL.map(kw => ignoredKeyword(kw, G)),
])

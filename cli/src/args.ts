/**
 * haproxy's command line, as operators and VTest use it (cli-contract.md
 * sections 1, 2, 5, 7): flags in any order, `-f` repeatable, unknown `-d*`
 * debug flags ignored, `--` followed by configuration files.
 * HAProxy reference: src/haproxy.c init() argument loop, usage()
 */

export type Mode = 'foreground' | 'daemon' | 'check' | 'condition' | 'version' | 'dump-keywords' | 'help'

export type CliOptions = {
  mode: Mode
  /** Verbosity of -v (1) or -vv (2). */
  version: 0 | 1 | 2
  files: string[]
  condition?: string
  keywordClasses?: string
  quiet: boolean
  pidfile?: string
  localPeer?: string
  chdir?: string
  masterWorker: boolean
  masterCli: string[]
  softStopPids: number[]
  hardStopPids: number[]
  /** `-dr`-like debug flags we accept and ignore, for the record. */
  ignored: string[]
}

export type ParsedArgs = { ok: true; options: CliOptions } | { ok: false; error: string }

/** Flags that take the next word as their value. */
const WITH_VALUE = new Set(['-f', '-p', '-L', '-C', '-S', '-cc', '-n', '-N', '-m', '-x'])

export function parseArgs (argv: readonly string[]): ParsedArgs {
  const o: CliOptions = {
    mode: 'foreground', version: 0, files: [], quiet: false, masterWorker: false,
    masterCli: [], softStopPids: [], hardStopPids: [], ignored: [],
  }
  let explicitMode: Mode | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    if (a === '--') { o.files.push(...argv.slice(i + 1)); break }
    if (!a.startsWith('-')) return { ok: false, error: `unexpected argument '${a}'` }
    if (a === '-sf' || a === '-st') {
      const pids = o[a === '-sf' ? 'softStopPids' : 'hardStopPids']
      while (i + 1 < argv.length && /^\d+$/.test(argv[i + 1] as string)) pids.push(Number(argv[++i]))
      continue
    }
    if (WITH_VALUE.has(a)) {
      const v = argv[++i]
      if (v === undefined) return { ok: false, error: `option '${a}' requires an argument` }
      const r = applyValue(o, a, v)
      if (r !== undefined) return { ok: false, error: r }
      if (a === '-cc') explicitMode = 'condition'
      continue
    }
    const mode = applyFlag(o, a)
    if (mode === 'unknown') return { ok: false, error: `unknown option '${a}'` }
    if (mode !== undefined) explicitMode = precedence(explicitMode, mode)
  }
  if (o.version > 0) o.mode = 'version'
  else if (explicitMode !== undefined) o.mode = explicitMode
  return { ok: true, options: o }
}

/** `-c` wins over `-D` and `-d`, as in haproxy (check mode never starts anything). */
function precedence (prev: Mode | undefined, next: Mode): Mode {
  const rank: Record<Mode, number> = { help: 6, version: 5, condition: 4, 'dump-keywords': 3, check: 2, daemon: 1, foreground: 0 }
  return prev === undefined || rank[next] >= rank[prev] ? next : prev
}

function applyValue (o: CliOptions, flag: string, v: string): string | undefined {
  switch (flag) {
    case '-f': o.files.push(v); return undefined
    case '-p': o.pidfile = v; return undefined
    case '-L': o.localPeer = v; return undefined
    case '-C': o.chdir = v; return undefined
    case '-S': o.masterCli.push(v); return undefined
    case '-cc': o.condition = v; return undefined
    // haproxy's -n/-N/-m/-x take values and only tune the process: accept and ignore.
    default: o.ignored.push(flag, v); return undefined
  }
}

function applyFlag (o: CliOptions, a: string): Mode | undefined | 'unknown' {
  switch (a) {
    case '-v': o.version = Math.max(o.version, 1) as 1 | 2; return undefined
    case '-vv': o.version = 2; return undefined
    case '-c': return 'check'
    case '-D': return 'daemon'
    case '-d': case '-db': return 'foreground'
    case '-q': o.quiet = true; return undefined
    case '-W': case '-Ws': o.masterWorker = true; return undefined
    case '-h': case '--help': return 'help'
  }
  if (a.startsWith('-dK')) { o.keywordClasses = a.slice(3) || 'all'; return 'dump-keywords' }
  // Every other -d* debug flag (-dM, -dW, -dr, -dV, -dS, -de, -dp, -dG, -dD...) is accepted and ignored.
  if (a.startsWith('-d')) { o.ignored.push(a); return undefined }
  // -V (verbose), -x (handled above), -Ws, -Wx: accepted.
  if (a === '-V') { o.ignored.push(a); return undefined }
  return 'unknown'
}

export const USAGE = `Usage : switchyard [-f <cfgfile|cfgdir>]* [ -vdVD ] [ -n <maxconn> ] [ -N <maxpconn> ]
        [ -p <pidfile> ] [ -m <max megs> ] [ -C <dir> ] [-- <cfgfile>*]
        switchyard { dataplane | healthcheck | stats | syslog } -f <cfg> [--nats <url>]

Switchyard: a load balancer and proxy for TCP, HTTP and TLS that speaks HAProxy's
configuration language.

        -v displays version ; -vv shows known build options.
        -d enters debug mode (foreground) ; -db only disables background mode.
        -dK{class[,...]} dumps the registered keywords (classes: all, cfg) and exits.
        -D goes daemon ; -C changes to <dir> before loading files.
        -W master-worker mode ; -S binds the master CLI (accepted; given behaviour later).
        -q quiet mode : don't display messages
        -c check mode : only check config files and exit
        -cc evaluates a condition (as in .if) and exits with status 0 when true.
        -L set local peer name
        -p writes pids of all children to this file
        -sf/-st [pid ]* finishes/terminates old pids.
        -f <cfgfile|cfgdir> loads a file, or every *.cfg of a directory in name order.

Subcommands (distributed mode, each service on its own over NATS):
        dataplane | healthcheck | stats | syslog
`

/**
 * The `switchyard` process: haproxy's command line, check mode, conditions,
 * and the embedded run (data plane and services in one process).
 * The only file of the CLI that reads process.argv, env and signals.
 */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import {
  loadConfig, evalCondition, defaultBuild, renderDiagnostic, hasAlerts,
  type ConfigDiagnostic, type ConfigModel,
} from '@switchyard/config'
import { parseArgs, USAGE, type CliOptions } from './args.js'
import { versionText, dumpKeywords } from './info.js'
import { runEmbedded } from './run.js'

const SERVICES = ['dataplane', 'healthcheck', 'stats', 'syslog']

async function main (argv: readonly string[]): Promise<number | 'running'> {
  if (argv[0] !== undefined && SERVICES.includes(argv[0])) {
    process.stderr.write(`switchyard ${argv[0]}: the distributed '${argv[0]}' service is not built yet; run 'switchyard -f <cfg>' for the embedded mode.\n`)
    return 2
  }
  const parsed = parseArgs(argv)
  if (!parsed.ok) {
    process.stderr.write(`[ALERT]    (${process.pid}) : ${parsed.error}\n${USAGE}`)
    return 1
  }
  const o = parsed.options
  const build = defaultBuild(process.versions.openssl ?? '3.0.0')
  switch (o.mode) {
    case 'help': process.stdout.write(USAGE); return 0
    case 'version': process.stdout.write(versionText(o.version === 2 ? 2 : 1, build)); return 0
    case 'dump-keywords': process.stdout.write(dumpKeywords(o.keywordClasses ?? 'all')); return 0
    case 'condition': return conditionMode(o.condition ?? '', build)
  }
  if (o.chdir !== undefined) process.chdir(o.chdir)
  if (o.files.length === 0) {
    process.stderr.write(`[ALERT]    (${process.pid}) : No configuration file specified (use -f <cfgfile|cfgdir>).\n${USAGE}`)
    return 1
  }
  const { config, diagnostics } = await loadConfig({ paths: o.files, build, env: process.env })
  // `-L` names the local peer in `peers` sections; it overrides `localpeer` and the host name.
  if (o.localPeer !== undefined) config.global.localPeer = o.localPeer
  printDiagnostics(diagnostics, o)
  if (hasAlerts(diagnostics)) {
    process.stderr.write(`[ALERT]    (${process.pid}) : config : Fatal errors found in configuration.\n`)
    return 1
  }
  if (o.mode === 'check') {
    if (!o.quiet) process.stdout.write('Configuration file is valid\n')
    return 0
  }
  if (o.mode === 'daemon' || (config.global.daemon && !argv.includes('-d') && !argv.includes('-db'))) return daemonize(argv, o)
  return run(config, o)
}

function conditionMode (expr: string, build: ReturnType<typeof defaultBuild>): number {
  const r = evalCondition(expr, process.env, build)
  if (!r.ok) {
    process.stderr.write(`[ALERT]    (${process.pid}) : failed to evaluate condition: ${r.reason}\n`)
    return 2
  }
  return r.value ? 0 : 1
}

function printDiagnostics (ds: readonly ConfigDiagnostic[], o: CliOptions): void {
  for (const d of ds) {
    if (o.quiet && d.severity !== 'alert') continue
    process.stderr.write(renderDiagnostic(d, process.pid) + '\n')
  }
}

/** `-D`: start a detached copy in foreground mode, record its PID, return at once. */
function daemonize (argv: readonly string[], o: CliOptions): number {
  const args = argv.filter(a => a !== '-D')
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1] as string, '-db', ...args], { detached: true, stdio: 'ignore' })
  child.unref()
  if (o.pidfile !== undefined && child.pid !== undefined) writeFileSync(resolve(o.pidfile), `${child.pid}\n`)
  return 0
}

async function run (config: ConfigModel, o: CliOptions): Promise<number | 'running'> {
  if (o.pidfile !== undefined) writeFileSync(resolve(o.pidfile), `${process.pid}\n`)
  return runEmbedded(config, o)
}

main(process.argv.slice(2)).then(
  (code) => { if (code !== 'running') process.exitCode = code },
  (e: unknown) => {
    process.stderr.write(`[ALERT]    (${process.pid}) : ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`)
    process.exitCode = 1
  },
)

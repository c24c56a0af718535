import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseConfigText, checkConfig, hasAlerts, formatDiagnostic } from '@switchyard/config'
import { createDataplane, type Dataplane } from '@switchyard/dataplane'

/** Absolute path of bin/switchyard in this checkout. */
export const SWITCHYARD_BIN = fileURLToPath(new URL('../../../bin/switchyard', import.meta.url))

export function tempDir (prefix = 'sy-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export type InProcess = {
  readonly dataplane: Dataplane
  /** Bound port of the first listener of a frontend/listen by name. */
  readonly port: (frontend: string, index?: number) => number
  readonly stop: () => Promise<void>
}

/** Parses a config (no DNS) and runs a data plane in this process; `bind 127.0.0.1:0` gets a free port. */
export async function startDataplane (cfg: string): Promise<InProcess> {
  const r = parseConfigText([{ file: 'test.cfg', text: cfg }], { env: process.env })
  const diagnostics = [...r.diagnostics, ...checkConfig(r.config)]
  if (hasAlerts(diagnostics)) throw new Error(diagnostics.map(formatDiagnostic).join('\n'))
  const dataplane = createDataplane(r.config)
  await dataplane.start()
  return {
    dataplane,
    port: (name, index = 0) => {
      const fe = dataplane.frontends.find(f => f.name === name)
      const p = fe?.listeners[index]?.boundPort
      if (p === undefined) throw new Error(`no listener ${index} for '${name}'`)
      return p
    },
    stop: async () => { dataplane.hardStop() },
  }
}

export type Spawned = {
  readonly child: ChildProcess
  readonly output: () => string
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  readonly stop: () => Promise<void>
}

/** Runs bin/switchyard with the given arguments (config files written by the caller). */
export function spawnSwitchyard (args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Spawned {
  const child = spawn(SWITCHYARD_BIN, args, { env: { ...process.env, ...opts.env }, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { out += d.toString() })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve => child.once('exit', (code, signal) => resolve({ code, signal })))
  return {
    child,
    output: () => out,
    exited,
    stop: async () => { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGKILL'); await exited } },
  }
}

/** Writes cfg into a temp dir and runs `switchyard -d -f cfg`. */
export function runConfig (cfg: string, extraArgs: readonly string[] = [], env?: NodeJS.ProcessEnv): Spawned & { dir: string } {
  const t = tempDir()
  const file = join(t.dir, 'test.cfg')
  writeFileSync(file, cfg)
  const s = spawnSwitchyard(['-d', ...extraArgs, '-f', file], { env, cwd: t.dir })
  return { ...s, dir: t.dir, stop: async () => { await s.stop(); t.cleanup() } }
}

/** The usual test config: one http frontend on 127.0.0.1:0 forwarding to one server; `backendLines` go before it. */
/** The defaults section of the usual test configs: mode http and short timeouts. */
export const HTTP_DEFAULTS = `
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
`

/** The defaults section of mode tcp test configs. */
export const TCP_DEFAULTS = HTTP_DEFAULTS.replace('mode http', 'mode tcp')

export function simpleHttpConfig (serverPort: number, backendLines: readonly string[] = []): string {
  const extra = backendLines.map(l => `  ${l}\n`).join('')
  return `${HTTP_DEFAULTS}frontend fe
  bind 127.0.0.1:0
  default_backend be
backend be
${extra}  server s1 127.0.0.1:${serverPort}
`
}

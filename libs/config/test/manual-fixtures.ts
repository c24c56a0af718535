/**
 * Access to the configuration fixtures built from HAProxy's manual examples
 * (test/fixtures/{valid,invalid}/*.cfg). The .cfg files are not compiled: they are
 * read from the source tree, next to the compiled test's package.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseConfigText, checkConfig, formatDiagnostic, type ConfigModel, type ConfigDiagnostic } from '../src/index.js'

/** libs/config/test/fixtures/, found from libs/config/dist/test/. */
export const fixturesDir = fileURLToPath(new URL('../../test/fixtures/', import.meta.url))

/** The environment the fixtures of section 2.3 and 4.2 "server" expect. */
export const FIXTURE_ENV: Readonly<Record<string, string>> = {
  FD_APP1: '3',
  LOCAL_SYSLOG: '127.0.0.1',
  LOG_SERVER: '127.0.0.1:514',
  HAPROXY_USER: 'haproxy',
  SRV_BACKUP: '192.168.0.9',
  LAN_DC1: '192.168.1',
  LAN_DC2: '192.168.2',
  WITH_SSL: 'yes',
}

export type Fixture = { readonly name: string; readonly text: string }

export function readFixtures (kind: 'valid' | 'invalid'): Fixture[] {
  const dir = `${fixturesDir}${kind}/`
  return readdirSync(dir).filter(n => n.endsWith('.cfg')).sort()
    .map(name => ({ name, text: readFileSync(`${dir}${name}`, 'utf8') }))
}

/**
 * Parses one fixture as the CLI would (file named by its base name, relative
 * paths from the fixtures directory), without DNS, then runs the cross-checks.
 */
export function parseFixture (f: Fixture): { config: ConfigModel; diagnostics: ConfigDiagnostic[]; alerts: string[] } {
  const r = parseConfigText([{ file: f.name, text: f.text }], { env: FIXTURE_ENV, cwd: fixturesDir })
  const diagnostics = [...r.diagnostics, ...checkConfig(r.config)]
  return { config: r.config, diagnostics, alerts: diagnostics.filter(d => d.severity === 'alert').map(formatDiagnostic) }
}

/** The fixture's lines without comments, for keyword coverage checks. */
export function codeLines (text: string): string[] {
  return text.split('\n').map(l => l.replace(/(^|\s)#.*$/, '').trim()).filter(l => l !== '')
}

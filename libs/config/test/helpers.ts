import { parseConfigText, checkConfig, formatDiagnostic, type ConfigModel, type ConfigDiagnostic } from '../src/index.js'

/** Parses one in-memory file named t.cfg and runs the cross-checks (no DNS). */
export function parse (text: string, env: Record<string, string> = {}): { config: ConfigModel; diagnostics: ConfigDiagnostic[]; alerts: string[]; warnings: string[] } {
  const r = parseConfigText([{ file: 't.cfg', text }], { env })
  const diagnostics = [...r.diagnostics, ...checkConfig(r.config)]
  return {
    config: r.config,
    diagnostics,
    alerts: diagnostics.filter(d => d.severity === 'alert').map(formatDiagnostic),
    warnings: diagnostics.filter(d => d.severity === 'warning').map(formatDiagnostic),
  }
}

export const BOILERPLATE = `defaults
  mode http
  timeout connect 5s
  timeout client 5s
  timeout server 5s
`

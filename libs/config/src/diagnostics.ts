/**
 * Config diagnostics, collected (never thrown one by one) and printed in HAProxy's
 * own form, because operators and scripts grep for `parsing [file:line]`.
 * HAProxy reference: src/errors.c ha_alert(), src/cfgparse.c
 */
export type Severity = 'alert' | 'warning' | 'notice' | 'diag'

export type ConfigDiagnostic = {
  readonly severity: Severity
  readonly file?: string
  readonly line?: number
  readonly column?: number
  /** e.g. "backend 'app'", '' outside sections. */
  readonly section?: string
  readonly keyword?: string
  readonly message: string
  /** Closest known keyword, rendered as "did you mean 'x' maybe ?" */
  readonly hint?: string
}

export const ConfigErrorCode = {
  Invalid: 'SY_ERR_CFG_INVALID',
  Read: 'SY_ERR_CFG_READ',
} as const

/** Thrown by loadConfig callers when any diagnostic is an alert: carries all of them. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  readonly code = ConfigErrorCode.Invalid
  constructor (readonly diagnostics: readonly ConfigDiagnostic[]) {
    super(diagnostics.filter(d => d.severity === 'alert').map(formatDiagnostic).join('\n'))
  }
}

/** `parsing [file:line] : message` plus the hint and column, without the severity tag. */
export function formatDiagnostic (d: ConfigDiagnostic): string {
  const where = d.file === undefined ? '' : d.line === undefined ? `parsing [${d.file}] : ` : `parsing [${d.file}:${d.line}] : `
  const hint = d.hint === undefined ? '' : `; did you mean '${d.hint}' maybe ?`
  const column = d.column === undefined || d.column <= 1 ? '' : ` (column ${d.column})`
  // A sentence's final dot goes after the hint, not before it ("'x'.; did you mean").
  const message = hint === '' ? d.message : d.message.replace(/\.$/, '')
  return `${where}${message}${hint}${column}`
}

const TAGS: Readonly<Record<Severity, string>> = {
  alert: '[ALERT]    ', warning: '[WARNING]  ', notice: '[NOTICE]   ', diag: '[DIAG]     ',
}

/** The full line haproxy 2.6 prints: `[ALERT]    (pid) : config : parsing [f:l] : msg`. */
export function renderDiagnostic (d: ConfigDiagnostic, pid: number): string {
  return `${TAGS[d.severity]}(${pid}) : config : ${formatDiagnostic(d)}`
}

export function hasAlerts (ds: readonly ConfigDiagnostic[]): boolean {
  return ds.some(d => d.severity === 'alert')
}

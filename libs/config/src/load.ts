/**
 * Loading a configuration from disk: `-f` files and directories of `*.cfg`
 * (name order), parsing, host name resolution, cross-checks. Returns every
 * diagnostic; the caller decides whether alerts stop it.
 * HAProxy reference: src/haproxy.c (cfg_files list, "-f" directories), src/cfgparse.c
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { lookup } from 'node:dns/promises'
import { join, resolve } from 'node:path'
import { parseSources, type Source } from './parser.js'
import { checkConfig } from './check.js'
import { defaultBuild } from './build.js'
import type { BuildInfo } from './condition.js'
import type { ConfigDiagnostic } from './diagnostics.js'
import type { ConfigModel } from './model.js'
import type { Env } from './tokenizer.js'
import type { KeywordContext, ResolveRequest } from './keyword.js'

export type LoadOptions = {
  /** Files and directories as given to `-f`. */
  readonly paths: readonly string[]
  readonly env?: Env
  readonly build?: BuildInfo
  /** Base for relative file names in the config (errorfile, crt...); default: process.cwd(). */
  readonly cwd?: string
  /** Skip DNS resolution (for `-c` runs that must not touch the network, tests). */
  readonly resolve?: boolean
}

export type LoadResult = { readonly config: ConfigModel; readonly diagnostics: ConfigDiagnostic[] }

/** Expands directories into their `*.cfg` files in name order, as haproxy does. */
export function expandPaths (paths: readonly string[]): { files: string[]; diagnostics: ConfigDiagnostic[] } {
  const files: string[] = []
  const diagnostics: ConfigDiagnostic[] = []
  for (const p of paths) {
    let isDir = false
    try { isDir = statSync(p).isDirectory() } catch (e) {
      diagnostics.push({ severity: 'alert', message: `Could not open configuration file ${p} : ${describe(e)}` })
      continue
    }
    if (!isDir) { files.push(p); continue }
    const names = readdirSync(p).filter(n => n.endsWith('.cfg')).sort()
    for (const n of names) files.push(join(p, n))
  }
  return { files, diagnostics }
}

export function readSources (files: readonly string[]): { sources: Source[]; diagnostics: ConfigDiagnostic[] } {
  const sources: Source[] = []
  const diagnostics: ConfigDiagnostic[] = []
  for (const file of files) {
    try { sources.push({ file, text: readFileSync(file, 'utf8') }) } catch (e) {
      diagnostics.push({ severity: 'alert', message: `Could not open configuration file ${file} : ${describe(e)}` })
    }
  }
  return { sources, diagnostics }
}

function describe (e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'No such file or directory'
  if (code === 'EACCES') return 'Permission denied'
  return e instanceof Error ? e.message : String(e)
}

export function fileReader (cwd: string): KeywordContext['readFile'] {
  return (path) => {
    try { return { ok: true, text: readFileSync(resolve(cwd, path), 'utf8') } } catch (e) { return { ok: false, reason: describe(e) } }
  }
}

/** Parses sources already in memory (tests, `-c` on stdin-like inputs). */
export function parseConfigText (sources: readonly Source[], opts: Omit<LoadOptions, 'paths'> = {}): LoadResult & { resolves: ResolveRequest[] } {
  const build = opts.build ?? defaultBuild(process.versions.openssl ?? '3.0.0')
  const r = parseSources(sources, { env: opts.env ?? process.env, build, readFile: fileReader(opts.cwd ?? process.cwd()) })
  return { config: r.config, diagnostics: r.diagnostics, resolves: r.resolves }
}

export async function loadConfig (opts: LoadOptions): Promise<LoadResult> {
  const expanded = expandPaths(opts.paths)
  const read = readSources(expanded.files)
  const parsed = parseConfigText(read.sources, opts)
  const diagnostics = [...expanded.diagnostics, ...read.diagnostics, ...parsed.diagnostics]
  if (opts.resolve !== false) diagnostics.push(...await resolveAll(parsed.resolves))
  diagnostics.push(...checkConfig(parsed.config))
  return { config: parsed.config, diagnostics }
}

/** Resolves host names once at load, as haproxy does with libc (no runtime DNS here). */
export async function resolveAll (requests: readonly ResolveRequest[]): Promise<ConfigDiagnostic[]> {
  const out: ConfigDiagnostic[] = []
  await Promise.all(requests.map(async (r) => {
    try {
      const family = r.family === 'ipv4' ? 4 : r.family === 'ipv6' ? 6 : 0
      const a = await lookup(r.hostname, { family })
      r.set(a.address, a.family === 6 ? 'ipv6' : 'ipv4')
    } catch {
      out.push({ severity: 'alert', file: r.loc.file, line: r.loc.line, message: `could not resolve address '${r.hostname}'.` })
    }
  }))
  return out
}

/**
 * The keyword table contract: one descriptor per keyword, declared beside the
 * code that parses it. Parsers return problems; the dispatcher adds locations.
 * HAProxy reference: include/haproxy/cfgparse.h struct cfg_keyword
 */
import type { Word } from './tokenizer.js'
import type {
  ConfigModel, GlobalModel, Loc, PeersModel, ProxyModel, ResolversModel, UserlistModel,
} from './model.js'

/** Section kinds as bits, so a keyword can name every section it is valid in. */
export const Section = {
  Global: 1,
  Defaults: 2,
  Frontend: 4,
  Backend: 8,
  Listen: 16,
  Peers: 32,
  Resolvers: 64,
  Userlist: 128,
  Other: 256,
} as const
export type SectionBit = typeof Section[keyof typeof Section]

/** Usual combinations, named as HAProxy's keyword matrix columns. */
export const In = {
  /** defaults, frontend, listen, backend */
  Proxy: Section.Defaults | Section.Frontend | Section.Backend | Section.Listen,
  /** frontend side: defaults, frontend, listen */
  FE: Section.Defaults | Section.Frontend | Section.Listen,
  /** backend side: defaults, backend, listen */
  BE: Section.Defaults | Section.Backend | Section.Listen,
  /** frontend and listen only (no defaults) */
  FEOnly: Section.Frontend | Section.Listen,
  /** backend and listen only (no defaults) */
  BEOnly: Section.Backend | Section.Listen,
  /** frontend, backend and listen (no defaults) */
  ProxyOnly: Section.Frontend | Section.Backend | Section.Listen,
} as const

export const SECTION_NAMES: Readonly<Record<number, string>> = {
  [Section.Global]: 'global',
  [Section.Defaults]: 'defaults',
  [Section.Frontend]: 'frontend',
  [Section.Backend]: 'backend',
  [Section.Listen]: 'listen',
  [Section.Peers]: 'peers',
  [Section.Resolvers]: 'resolvers',
  [Section.Userlist]: 'userlist',
}

/** What a keyword parser sees: the words of one line and the objects being built. */
export type KeywordContext = {
  /** The words of the line as text; args[0] is the keyword (after any `no`/`default` prefix). */
  readonly args: readonly string[]
  /** The same words with their columns. */
  readonly words: readonly Word[]
  readonly loc: Loc
  readonly section: SectionBit
  /** `no option x` / `default option x`. */
  readonly prefix?: 'no' | 'default'
  readonly config: ConfigModel
  readonly global: GlobalModel
  /** Set in defaults, frontend, backend and listen sections. */
  readonly proxy: ProxyModel | undefined
  readonly peers: PeersModel | undefined
  readonly resolvers: ResolversModel | undefined
  readonly userlist: UserlistModel | undefined
  /** The environment the next lines are expanded with (setenv, presetenv, unsetenv and resetenv change it). */
  readonly env: Record<string, string | undefined>
  /** Reads a file named by the config (relative paths from the working directory, as haproxy). */
  readonly readFile: (path: string) => { ok: true; text: string } | { ok: false; reason: string }
  /** Queues a host name for resolution at the end of loading. */
  readonly resolveLater: (apply: ResolveRequest) => void
  /** Reports one more problem besides the returned one (for lines with several). */
  readonly report: (r: KeywordProblem) => void
}

export type ResolveRequest = {
  readonly hostname: string
  readonly family: 'ipv4' | 'ipv6' | 'any'
  readonly loc: Loc
  readonly set: (host: string, family: 'ipv4' | 'ipv6') => void
}

export type KeywordProblem = {
  readonly alert?: string
  readonly warning?: string
  /** Index in args of the word at fault, to report its column. */
  readonly arg?: number
}

export type KeywordResult = KeywordProblem | void

export type KeywordDef = {
  readonly kw: string
  readonly sections: number
  readonly usage: string
  /** Pure tuning with no meaning here: accepted with a warning that says so. */
  readonly ignored?: boolean
  /** Accepts `no <kw>` / `default <kw>` prefixes. */
  readonly prefixes?: boolean
  readonly parse: (ctx: KeywordContext) => KeywordResult
}

export function defineKeywords (defs: readonly KeywordDef[]): readonly KeywordDef[] {
  return defs
}

/** A tuning keyword accepted everywhere it is valid in HAProxy, and ignored. */
export function ignoredKeyword (kw: string, sections: number, usage = `${kw} <value>`): KeywordDef {
  return { kw, sections, usage, ignored: true, parse: () => undefined }
}

/** A sub-keyword (an `option`, a bind or server option, a timeout name). */
export type SubKeywordDef<C> = {
  readonly name: string
  readonly usage: string
  /** Sections, for `option` entries; bind/server options ignore it. */
  readonly sections?: number
  /** How many words follow the name (bind/server options); default 0. */
  readonly arity?: number
  readonly ignored?: boolean
  readonly parse?: (ctx: C, values: readonly string[]) => KeywordResult
}

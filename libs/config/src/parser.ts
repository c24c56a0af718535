/**
 * Section driver: runs tokenized lines through the conditional-block
 * preprocessor, opens sections, folds defaults into proxies and dispatches each
 * line to its registered keyword. Every problem is collected; nothing throws.
 * HAProxy reference: src/cfgparse.c readcfgfile(), src/cfgparse-listen.c
 */
import { logicalLines, type Env, type LogicalLine, type TokenizeProblem, type Word } from './tokenizer.js'
import { evalCondition, type BuildInfo } from './condition.js'
import { type ConfigDiagnostic, type Severity } from './diagnostics.js'
import { Section, SECTION_NAMES, type KeywordContext, type KeywordDef, type KeywordProblem, type ResolveRequest, type SectionBit } from './keyword.js'
import type { ConfigModel, GlobalModel, Loc, PeersModel, ProxyCap, ProxyModel, ResolversModel, UserlistModel } from './model.js'
import { newConfig, newProxy } from './defaults.js'
import { registry } from './keywords/index.js'
import { HAPROXY_SECTIONS, isHaproxyKeyword } from './haproxy-keywords.js'
import { closest } from './suggest.js'

export type Source = { readonly file: string; readonly text: string }

export type ParseOptions = {
  readonly env: Env
  readonly build: BuildInfo
  readonly readFile: KeywordContext['readFile']
}

export type ParseResult = {
  readonly config: ConfigModel
  readonly diagnostics: ConfigDiagnostic[]
  /** Host names to resolve before the config is usable. */
  readonly resolves: ResolveRequest[]
}

const PROXY_SECTIONS: Readonly<Record<string, { bit: SectionBit; cap: ProxyCap }>> = {
  defaults: { bit: Section.Defaults, cap: 'defaults' },
  frontend: { bit: Section.Frontend, cap: 'frontend' },
  backend: { bit: Section.Backend, cap: 'backend' },
  listen: { bit: Section.Listen, cap: 'listen' },
}

type Current = {
  bit: SectionBit
  label: string
  proxy?: ProxyModel
  peers?: PeersModel
  resolvers?: ResolversModel
  userlist?: UserlistModel
}

/** Parses every source in order into one model; diagnostics say what is wrong. */
export function parseSources (sources: readonly Source[], opts: ParseOptions): ParseResult {
  const p = new ConfigParser(opts)
  for (const s of sources) p.parseFile(s)
  return p.finish()
}

class ConfigParser {
  private readonly config: ConfigModel = newConfig()
  private readonly diagnostics: ConfigDiagnostic[] = []
  private readonly resolves: ResolveRequest[] = []
  private current: Current | undefined
  private lastDefaults: ProxyModel | undefined
  private readonly named = new Map<string, ProxyModel>()
  private readonly proxyNames = new Map<string, ProxyModel>()

  /** The environment lines are expanded with; setenv and friends change it for the lines after them. */
  private readonly env: Record<string, string | undefined>

  constructor (private readonly opts: ParseOptions) {
    this.env = { ...opts.env }
  }

  parseFile (src: Source): void {
    this.config.files.push(src.file)
    const problems: TokenizeProblem[] = []
    const flush = (): void => {
      for (const p of problems.splice(0)) this.add('alert', { file: src.file, line: p.line, column: p.column, message: p.message })
    }
    const cond = new ConditionStack()
    for (const line of logicalLines(src.text, this.env, problems)) {
      flush()
      const first = line.words[0] as Word
      if (first.text.startsWith('.') && !first.quoted) {
        this.directive(src.file, line, cond)
        continue
      }
      if (!cond.active) continue
      this.line(src.file, line)
    }
    flush()
    if (cond.depth > 0) this.add('alert', { file: src.file, message: `missing '.endif' at end of file for '.if' at line ${cond.openedAt}` })
    // Sections never span files in HAProxy.
    this.current = undefined
  }

  finish (): ParseResult {
    return { config: this.config, diagnostics: this.diagnostics, resolves: this.resolves }
  }

  private add (severity: Severity, d: Omit<ConfigDiagnostic, 'severity'>): void {
    this.diagnostics.push({ severity, ...d })
  }

  private directive (file: string, line: LogicalLine, cond: ConditionStack): void {
    const [first, ...rest] = line.words
    const name = (first as Word).text
    const loc = { file, line: line.line }
    const exprText = conditionText(line)
    const evaluate = (): boolean => {
      const r = evalCondition(exprText, this.env, this.opts.build)
      if (r.ok) return r.value
      this.add('alert', { ...loc, keyword: name, message: `failed to evaluate condition: ${r.reason}` })
      return false
    }
    switch (name) {
      case '.if': return cond.open(cond.active ? evaluate() : false, line.line)
      case '.elif': {
        if (cond.depth === 0) return this.add('alert', { ...loc, keyword: name, message: "'.elif' without matching '.if'" })
        if (cond.sawElse) return this.add('alert', { ...loc, keyword: name, message: "'.elif' after '.else' is unexpected" })
        return cond.elif(() => evaluate())
      }
      case '.else': {
        if (cond.depth === 0) return this.add('alert', { ...loc, keyword: name, message: "'.else' without matching '.if'" })
        if (cond.sawElse) return this.add('alert', { ...loc, keyword: name, message: "'.else' after '.else' is unexpected" })
        return cond.else()
      }
      case '.endif': {
        if (cond.depth === 0) return this.add('alert', { ...loc, keyword: name, message: "'.endif' without matching '.if'" })
        return cond.close()
      }
    }
    if (!cond.active) return
    const message = rest.map(w => w.text).join(' ')
    switch (name) {
      case '.diag': return this.add('diag', { ...loc, message })
      case '.notice': return this.add('notice', { ...loc, message })
      case '.warning': return this.add('warning', { ...loc, message })
      case '.alert': return this.add('alert', { ...loc, message })
      case '.line': return
    }
    this.add('alert', { ...loc, keyword: name, message: `unknown directive '${name}'`, hint: closest(name, ['.if', '.elif', '.else', '.endif', '.diag', '.notice', '.warning', '.alert']) })
  }

  private line (file: string, line: LogicalLine): void {
    const words = line.words
    const kw = (words[0] as Word).text
    if (this.openSection(file, line)) return
    if (this.current === undefined) {
      this.add('alert', { file, line: line.line, keyword: kw, message: `unknown keyword '${kw}' out of section.` })
      return
    }
    if (this.current.bit === Section.Other) return
    this.dispatch(file, line, this.current)
  }

  /** Opens a section when the line's first word names one; returns true if it did. */
  private openSection (file: string, line: LogicalLine): boolean {
    const w = line.words
    const kw = (w[0] as Word).text
    const loc: Loc = { file, line: line.line }
    if (kw === 'global') {
      if (w.length > 1) this.add('alert', { ...loc, keyword: kw, column: (w[1] as Word).column, message: `'global' expects no argument, found '${(w[1] as Word).text}'` })
      this.current = { bit: Section.Global, label: 'global' }
      return true
    }
    const px = PROXY_SECTIONS[kw]
    if (px !== undefined) { this.openProxy(px, line, loc); return true }
    if (kw === 'peers' || kw === 'resolvers' || kw === 'userlist') { this.openNamed(kw, line, loc); return true }
    if (HAPROXY_SECTIONS.includes(kw)) {
      this.add('alert', { ...loc, keyword: kw, message: `'${kw}' is an HAProxy section that switchyard does not support yet` })
      this.current = { bit: Section.Other, label: kw }
      return true
    }
    return false
  }

  private openProxy (px: { bit: SectionBit; cap: ProxyCap }, line: LogicalLine, loc: Loc): void {
    const w = line.words.map(x => x.text)
    let name: string | undefined = w[1]
    let fromName: string | undefined
    let i = 2
    if (name === 'from') { name = undefined; i = 1 }
    if (w[i] === 'from') {
      fromName = w[i + 1]
      if (fromName === undefined) this.add('alert', { ...loc, keyword: w[0], message: `'from' expects the name of a defaults section` })
      i += 2
    }
    if (w.length > i) this.add('alert', { ...loc, keyword: w[0], column: (line.words[i] as Word).column, message: `unexpected argument '${w[i]}' after the ${w[0]} section name` })
    if (px.cap !== 'defaults' && (name === undefined || name === '')) {
      this.add('alert', { ...loc, keyword: w[0], message: `'${w[0]}' expects <name> as an argument` })
      name = `<unnamed-${loc.line}>`
    }
    const nameProblem = name === undefined ? undefined : invalidNameChar(name)
    if (nameProblem !== undefined) this.add('alert', { ...loc, keyword: w[0], message: `character '${nameProblem}' is not permitted in '${w[0]}' name '${name}'` })
    // A defaults section without `from` starts from scratch; other proxies take the last one.
    const base = px.cap === 'defaults' && fromName === undefined ? undefined : this.pickDefaults(fromName, loc, w[0] as string)
    const proxy = newProxy(name ?? '', px.cap, loc, base)
    this.current = { bit: px.bit, label: `${w[0]} '${name ?? ''}'`, proxy }
    if (px.cap === 'defaults') {
      this.lastDefaults = proxy
      if (name !== undefined) {
        if (this.named.has(name)) this.add('alert', { ...loc, keyword: 'defaults', message: `defaults section '${name}' has the same name as another defaults section declared at ${locText(this.named.get(name)?.loc)}` })
        this.named.set(name, proxy)
        this.config.defaults.push(proxy)
      }
      return
    }
    const dup = this.proxyNames.get(proxy.name)
    if (dup !== undefined && (dup.cap === 'listen' || px.cap === 'listen' || dup.cap === px.cap)) {
      this.add('alert', { ...loc, keyword: w[0], message: `${px.cap} '${proxy.name}' has the same name as ${dup.cap} '${dup.name}' declared at ${locText(dup.loc)}` })
    }
    this.proxyNames.set(proxy.name, proxy)
    this.config.proxies.push(proxy)
  }

  private pickDefaults (fromName: string | undefined, loc: Loc, kw: string): ProxyModel | undefined {
    if (fromName === undefined) return this.lastDefaults
    const d = this.named.get(fromName)
    if (d === undefined) {
      this.add('alert', { ...loc, keyword: kw, message: `defaults section '${fromName}' not found for ${kw}`, hint: closest(fromName, this.named.keys()) })
    }
    return d
  }

  private openNamed (kw: 'peers' | 'resolvers' | 'userlist', line: LogicalLine, loc: Loc): void {
    const name = line.words[1]?.text
    if (name === undefined) {
      this.add('alert', { ...loc, keyword: kw, message: `'${kw}' expects <name> as an argument` })
      this.current = { bit: Section.Other, label: kw }
      return
    }
    if (line.words.length > 2) this.add('alert', { ...loc, keyword: kw, column: (line.words[2] as Word).column, message: `unexpected argument '${line.words[2]?.text}' after the ${kw} section name` })
    const label = `${kw} '${name}'`
    if (kw === 'peers') {
      const peers: PeersModel = { name, loc, peers: [], disabled: false, other: [] }
      this.config.peers.push(peers)
      this.current = { bit: Section.Peers, label, peers }
    } else if (kw === 'resolvers') {
      const resolvers: ResolversModel = { name, loc, nameservers: [], settings: [] }
      this.config.resolvers.push(resolvers)
      this.current = { bit: Section.Resolvers, label, resolvers }
    } else {
      const userlist: UserlistModel = { name, loc, users: [], groups: [] }
      this.config.userlists.push(userlist)
      this.current = { bit: Section.Userlist, label, userlist }
    }
  }

  private dispatch (file: string, line: LogicalLine, cur: Current): void {
    let words = line.words
    let prefix: 'no' | 'default' | undefined
    const w0 = (words[0] as Word).text
    if ((w0 === 'no' || w0 === 'default') && words.length > 1) {
      prefix = w0
      words = words.slice(1)
    }
    const kw = (words[0] as Word).text
    const loc: Loc = { file, line: line.line, column: (words[0] as Word).column }
    const base = { file, line: line.line, section: cur.label, keyword: kw }
    const def = findKeyword(kw, cur.bit)
    if (def === undefined) return this.unknownKeyword(kw, cur, base)
    if (prefix !== undefined && def.prefixes !== true) {
      this.add('alert', { ...base, message: `'${prefix} ${kw}' is not supported: '${kw}' takes no '${prefix}' prefix` })
      return
    }
    if (def.ignored === true) {
      this.add('warning', { ...base, message: `'${kw}' is ignored by switchyard: tuning that has no effect here.` })
      return
    }
    const report = (r: KeywordProblem): void => this.result(r, base, words)
    const ctx: KeywordContext = {
      args: words.map(w => w.text),
      words,
      loc,
      section: cur.bit,
      ...(prefix === undefined ? {} : { prefix }),
      config: this.config,
      global: this.config.global as GlobalModel,
      proxy: cur.proxy,
      peers: cur.peers,
      resolvers: cur.resolvers,
      userlist: cur.userlist,
      env: this.env,
      readFile: this.opts.readFile,
      resolveLater: (r) => { this.resolves.push(r) },
      report,
    }
    const r = def.parse(ctx)
    if (r !== undefined) report(r)
  }

  private result (r: KeywordProblem, base: Omit<ConfigDiagnostic, 'severity' | 'message'>, words: readonly Word[]): void {
    const column = r.arg === undefined ? undefined : words[Math.min(r.arg, words.length - 1)]?.column
    const where = column === undefined ? base : { ...base, column }
    if (r.alert !== undefined) this.add('alert', { ...where, message: r.alert })
    if (r.warning !== undefined) this.add('warning', { ...where, message: r.warning })
  }

  private unknownKeyword (kw: string, cur: Current, base: Omit<ConfigDiagnostic, 'severity' | 'message'>): void {
    const sectionName = SECTION_NAMES[cur.bit] ?? cur.label
    const elsewhere = registry.get(kw)
    if (elsewhere !== undefined) {
      const where = sectionsOf(elsewhere)
      this.add('alert', { ...base, message: `'${kw}' is not allowed in '${sectionName}' sections (only in ${where})` })
      return
    }
    if (isHaproxyKeyword(kw, cur.bit)) {
      this.add('alert', { ...base, message: `'${kw}' is an HAProxy keyword that switchyard does not support yet` })
      return
    }
    const candidates = [...registry.values()].flat().filter(d => (d.sections & cur.bit) !== 0).map(d => d.kw)
    const hint = closest(kw, candidates)
    this.add('alert', { ...base, message: `unknown keyword '${kw}' in '${sectionName}' section`, ...(hint === undefined ? {} : { hint }) })
  }
}

export function findKeyword (kw: string, bit: SectionBit): KeywordDef | undefined {
  return registry.get(kw)?.find(d => (d.sections & bit) !== 0)
}

function sectionsOf (defs: readonly KeywordDef[]): string {
  const names: string[] = []
  for (const [bit, name] of Object.entries(SECTION_NAMES)) {
    if (defs.some(d => (d.sections & Number(bit)) !== 0)) names.push(`'${name}'`)
  }
  return names.join(', ')
}

function locText (loc: Loc | undefined): string {
  return loc === undefined ? '?' : `${loc.file}:${loc.line}`
}

/** HAProxy allows letters, digits, '-', '_', '.' and ':' in proxy names. */
function invalidNameChar (name: string): string | undefined {
  const m = /[^A-Za-z0-9_.:-]/.exec(name)
  return m === null ? undefined : m[0]
}

/** The condition of `.if`/`.elif`: everything after the directive, as written. */
function conditionText (line: LogicalLine): string {
  const first = line.words[0] as Word
  if (line.words.length < 2) return ''
  // Re-read from the raw text so quotes and `$VAR` reach the condition parser intact.
  const raw = line.raw
  const idx = raw.indexOf(first.text)
  const rest = raw.slice(idx + first.text.length)
  const hash = findComment(rest)
  return (hash < 0 ? rest : rest.slice(0, hash)).trim()
}

function findComment (s: string): number {
  let quote = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (quote !== '') { if (c === quote) quote = ''; continue }
    if (c === '"' || c === "'") quote = c
    else if (c === '\\') i++
    else if (c === '#') return i
  }
  return -1
}

/** Nested `.if` state: a block is active when every enclosing block is. */
class ConditionStack {
  private readonly stack: { active: boolean; taken: boolean; parentActive: boolean; sawElse: boolean; line: number }[] = []

  get depth (): number { return this.stack.length }
  get active (): boolean { return this.stack.length === 0 || (this.stack[this.stack.length - 1]?.active ?? true) }
  get sawElse (): boolean { return this.stack[this.stack.length - 1]?.sawElse ?? false }
  get openedAt (): number { return this.stack[this.stack.length - 1]?.line ?? 0 }

  open (value: boolean, line: number): void {
    const parentActive = this.active
    this.stack.push({ active: parentActive && value, taken: parentActive && value, parentActive, sawElse: false, line })
  }

  elif (evaluate: () => boolean): void {
    const top = this.stack[this.stack.length - 1]
    if (top === undefined) return
    if (!top.parentActive || top.taken) { top.active = false; return }
    top.active = evaluate()
    top.taken = top.active
  }

  else (): void {
    const top = this.stack[this.stack.length - 1]
    if (top === undefined) return
    top.sawElse = true
    top.active = top.parentActive && !top.taken
    top.taken = true
  }

  close (): void { this.stack.pop() }
}

/**
 * Line tokenizer for HAProxy's configuration language: words, `#` comments,
 * 'strong' and "weak" quoting, backslash escapes, environment expansion inside
 * double quotes, and a trailing backslash continuing a line onto the next.
 * HAProxy reference: doc/configuration.txt section 2.2-2.3, src/tools.c parse_line()
 */

export type Word = {
  readonly text: string
  /** 1-based column of the word's first character in its physical line. */
  readonly column: number
  /** 1-based physical line the word starts on (differs on continued lines). */
  readonly line: number
  /** The word had at least one quoted part (quoted words may be empty). */
  readonly quoted: boolean
}

export type LogicalLine = {
  readonly words: readonly Word[]
  /** Physical line the logical line starts on. */
  readonly line: number
  /** Raw text of the logical line (continuations joined with a space). */
  readonly raw: string
}

export type TokenizeProblem = { readonly line: number; readonly column: number; readonly message: string }

export type TokenizeResult = { readonly lines: readonly LogicalLine[]; readonly problems: readonly TokenizeProblem[] }

export type Env = Readonly<Record<string, string | undefined>>

const HEX = /^[0-9a-fA-F]{2}$/

/** Splits a whole file into logical lines of words. */
export function tokenize (text: string, env: Env): TokenizeResult {
  const problems: TokenizeProblem[] = []
  const lines = [...logicalLines(text, env, problems)]
  return { lines, problems }
}

/**
 * Yields logical lines one at a time, reading `env` as each line is reached, so
 * a caller that changes `env` between lines (setenv) affects the lines after.
 * Problems are appended to `problems` as they are found.
 */
export function * logicalLines (text: string, env: Env, problems: TokenizeProblem[]): Generator<LogicalLine> {
  const physical = text.split(/\r?\n/)
  let i = 0
  while (i < physical.length) {
    const startLine = i + 1
    const state = new LineState(env, problems)
    let raw = ''
    let more = true
    while (more && i < physical.length) {
      const text = physical[i] as string
      raw += (raw === '' ? '' : ' ') + text
      more = state.feed(text, i + 1)
      i++
    }
    if (more) state.finishContinuationAtEof()
    state.end()
    if (state.words.length > 0) yield { words: state.words, line: startLine, raw }
  }
}

/** Tokenizes one line of text (used by -cc and tests). */
export function tokenizeLine (text: string, env: Env): { words: readonly Word[]; problems: readonly TokenizeProblem[] } {
  const r = tokenize(text, env)
  return { words: r.lines[0]?.words ?? [], problems: r.problems }
}

/** Accumulates words across the physical lines of one logical line. */
class LineState {
  readonly words: Word[] = []
  private cur = ''
  private curColumn = 0
  private curLine = 0
  private inWord = false
  private quoted = false

  constructor (private readonly env: Env, private readonly problems: TokenizeProblem[]) {}

  /** Feeds one physical line; returns true when it ends with a continuation backslash. */
  feed (s: string, line: number): boolean {
    let i = 0
    while (i < s.length) {
      const c = s[i] as string
      if (c === ' ' || c === '\t') { this.endWord(); i++; continue }
      if (c === '#') return this.endLine()
      if (c === '\\' && i === s.length - 1) { this.endWord(); return true }
      this.startWord(i + 1, line)
      if (c === '\\') { i = this.escape(s, i, line); continue }
      if (c === "'") { i = this.strong(s, i, line); continue }
      if (c === '"') { i = this.weak(s, i, line); continue }
      this.cur += c
      i++
    }
    return this.endLine()
  }

  finishContinuationAtEof (): void { /* a trailing backslash on the last line is harmless */ }

  end (): void { this.endWord() }

  private endLine (): false { this.endWord(); return false }

  private startWord (column: number, line: number): void {
    if (this.inWord) return
    this.inWord = true
    this.curColumn = column
    this.curLine = line
  }

  private endWord (): void {
    if (!this.inWord) return
    this.words.push({ text: this.cur, column: this.curColumn, line: this.curLine, quoted: this.quoted })
    this.cur = ''
    this.inWord = false
    this.quoted = false
  }

  /** Handles `\x` at s[i]; returns the index after the escape. */
  private escape (s: string, i: number, line: number): number {
    const n = s[i + 1]
    switch (n) {
      case ' ': case '#': case '\\': case "'": case '"': case '$':
        this.cur += n; return i + 2
      case 'r': this.cur += '\r'; return i + 2
      case 'n': this.cur += '\n'; return i + 2
      case 't': this.cur += '\t'; return i + 2
      case 'x': {
        const hex = s.slice(i + 2, i + 4)
        if (!HEX.test(hex)) {
          this.problems.push({ line, column: i + 1, message: `truncated or invalid hexadecimal sequence '\\x${hex}'` })
          return i + 2
        }
        this.cur += String.fromCharCode(parseInt(hex, 16))
        return i + 4
      }
      default:
        // HAProxy keeps a backslash that escapes nothing special (regexes rely on it).
        this.cur += '\\'
        return i + 1
    }
  }

  /** 'strong quoting': nothing is interpreted until the closing quote. */
  private strong (s: string, i: number, line: number): number {
    this.quoted = true
    const close = s.indexOf("'", i + 1)
    if (close < 0) {
      this.problems.push({ line, column: i + 1, message: 'unmatched quote' })
      this.cur += s.slice(i + 1)
      return s.length
    }
    this.cur += s.slice(i + 1, close)
    return close + 1
  }

  /** "weak quoting": escapes and environment variables are interpreted. */
  private weak (s: string, i: number, line: number): number {
    this.quoted = true
    let j = i + 1
    while (j < s.length) {
      const c = s[j] as string
      if (c === '"') return j + 1
      if (c === '\\') { j = this.escape(s, j, line); continue }
      if (c === '$') { j = this.expand(s, j, line); continue }
      this.cur += c
      j++
    }
    this.problems.push({ line, column: i + 1, message: 'unmatched quote' })
    return j
  }

  /** `$VAR`, `${VAR}`, `${VAR-default}` inside double quotes. */
  private expand (s: string, i: number, line: number): number {
    if (s[i + 1] === '{') {
      const close = s.indexOf('}', i + 2)
      if (close < 0) {
        this.problems.push({ line, column: i + 1, message: "missing closing '}' in environment variable" })
        this.cur += s.slice(i)
        return s.length
      }
      const body = s.slice(i + 2, close)
      const dash = body.indexOf('-')
      const name = dash < 0 ? body : body.slice(0, dash)
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        this.problems.push({ line, column: i + 1, message: `invalid environment variable name '${name}'` })
        return close + 1
      }
      const value = this.env[name]
      this.cur += value ?? (dash < 0 ? '' : body.slice(dash + 1))
      return close + 1
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1))
    if (m === null) { this.cur += '$'; return i + 1 }
    this.cur += this.env[m[0]] ?? ''
    return i + 1 + m[0].length
  }
}

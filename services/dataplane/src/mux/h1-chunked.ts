/**
 * Chunked transfer-coding scanner: follows a chunked body as it streams through, without copying it,
 * to find where the message ends and to refuse bad framing before it reaches the other side.
 * Owns: chunk-size lines, chunk extensions, the CRLF after data, trailer syntax, the final CRLF.
 * HAProxy reference: include/haproxy/h1.h h1_parse_chunk_size(), h1_skip_chunk_crlf(); src/h1.c h1_measure_trailers()
 * Invariant: never consumes a byte past the final CRLF; what follows belongs to the next message.
 */

const HT = 9
const LF = 10
const CR = 13
const SP = 32
const SEMICOLON = 59
const COLON = 58

/** HAProxy refuses chunk sizes of 2^52 and more, so no float-based peer ever sees a bogus size. */
const MAX_CHUNK = 2 ** 52

const HEX = new Uint8Array(256).fill(255)
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c
for (let c = 0; c < 6; c++) { HEX[0x41 + c] = 10 + c; HEX[0x61 + c] = 10 + c }

const TCHAR = new Uint8Array(256)
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1
for (let c = 0x41; c <= 0x5a; c++) { TCHAR[c] = 1; TCHAR[c + 0x20] = 1 }

/** Bytes allowed in chunk extensions and trailer values: HTAB, SP, VCHAR, obs-text. */
const TEXT = new Uint8Array(256)
TEXT[HT] = 1
for (let c = 0x20; c <= 0x7e; c++) TEXT[c] = 1
for (let c = 0x80; c <= 0xff; c++) TEXT[c] = 1

const State = {
  Size: 0,        // first hex digit of a chunk-size
  SizeHex: 1,     // further hex digits
  SizeWs: 2,      // BWS after the digits
  Ext: 3,         // chunk extension, up to CR
  SizeLf: 4,      // LF ending the chunk-size line
  Data: 5,
  DataCr: 6,      // CR after chunk data
  DataLf: 7,      // LF after chunk data
  TrlStart: 8,    // start of a trailer line, or CR of the final CRLF
  TrlName: 9,
  TrlValue: 10,
  TrlLf: 11,      // LF ending a trailer line
  LastLf: 12,     // LF of the final CRLF
  Done: 13,
  Error: 14,
} as const
type State = typeof State[keyof typeof State]

/**
 * Line endings inside the body must be CRLF. HAProxy also takes a bare LF, but it
 * re-encodes chunks while we forward the bytes as they are, so any leniency here
 * would let this parser and the peer disagree on where the message ends.
 */
export class ChunkedScanner {
  private st: State = State.Size
  private left = 0           // chunk-size being read, then data bytes still to skip
  private meta = 0           // bytes of the current chunk-size line, or of the trailer block
  private err: string | undefined = undefined

  /** @param maxMeta bound on one chunk-size line (extensions included) and on the trailer block; HAProxy's is its buffer. */
  constructor (private readonly maxMeta = 16384) {}

  get done (): boolean { return this.st === State.Done }
  get error (): string | undefined { return this.err }

  reset (): void {
    this.st = State.Size
    this.left = 0
    this.meta = 0
    this.err = undefined
  }

  /**
   * Scans buf[start, end); returns how many bytes belong to this message (<= end - start).
   * After `done` or `error` it consumes nothing more. On error the count stops before the bad byte.
   */
  scan (buf: Buffer, start: number, end: number): number {
    let st = this.st
    let i = start
    while (i < end) {
      if (st === State.Data) {
        const n = Math.min(this.left, end - i)
        i += n
        this.left -= n
        if (this.left === 0) st = State.DataCr
        continue
      }
      if (st === State.Done || st === State.Error) break
      const c = buf[i]
      if (st < State.Data || st > State.DataLf) {
        if (++this.meta > this.maxMeta) return this.fail(st < State.Data ? 'chunk-size line too long' : 'trailers too large', i, start)
      }
      switch (st) {
        case State.Size:
          if (HEX[c] === 255) return this.fail('bad chunk size', i, start)
          this.left = HEX[c]
          st = State.SizeHex
          break
        case State.SizeHex:
          if (HEX[c] !== 255) {
            this.left = this.left * 16 + HEX[c]
            if (this.left >= MAX_CHUNK) return this.fail('chunk size too large', i, start)
          } else if (c === CR) st = State.SizeLf
          else if (c === SP || c === HT) st = State.SizeWs
          else if (c === SEMICOLON) st = State.Ext
          else return this.fail('bad chunk size', i, start)
          break
        case State.SizeWs:
          if (c === CR) st = State.SizeLf
          else if (c === SEMICOLON) st = State.Ext
          else if (c !== SP && c !== HT) return this.fail('bad chunk size', i, start)
          break
        case State.Ext:
          // skipped as HAProxy does, but a bare CR/LF or a CTL would end the line for someone else
          if (c === CR) st = State.SizeLf
          else if (TEXT[c] !== 1) return this.fail('bad chunk extension', i, start)
          break
        case State.SizeLf:
          if (c !== LF) return this.fail('bare CR in chunk-size line', i, start)
          this.meta = 0
          st = this.left === 0 ? State.TrlStart : State.Data
          break
        case State.DataCr:
          if (c !== CR) return this.fail('missing CRLF after chunk data', i, start)
          st = State.DataLf
          break
        case State.DataLf:
          if (c !== LF) return this.fail('missing CRLF after chunk data', i, start)
          st = State.Size
          break
        case State.TrlStart:
          if (c === CR) st = State.LastLf
          else if (TCHAR[c] === 1) st = State.TrlName
          else return this.fail('bad trailer line', i, start)
          break
        case State.TrlName:
          if (c === COLON) st = State.TrlValue
          else if (TCHAR[c] !== 1) return this.fail('bad trailer name', i, start)
          break
        case State.TrlValue:
          if (c === CR) st = State.TrlLf
          else if (TEXT[c] !== 1) return this.fail('bad trailer value', i, start)
          break
        case State.TrlLf:
          if (c !== LF) return this.fail('bare CR in trailer', i, start)
          st = State.TrlStart
          break
        case State.LastLf:
          if (c !== LF) return this.fail('bare CR after trailers', i, start)
          this.st = State.Done
          return i + 1 - start
      }
      i++
    }
    this.st = st
    return i - start
  }

  private fail (reason: string, at: number, start: number): number {
    this.st = State.Error
    this.err = reason
    return at - start
  }
}

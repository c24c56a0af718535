/**
 * Map converters: `map(file[,default])` and its match variants (`map_str`, `map_beg`,
 * `map_sub`, `map_dir`, `map_dom`, `map_end`, `map_reg`, `map_ip`, `map_int`), with
 * the output-type suffixes `_int` and `_ip` (`map_beg_int`...). The file is read
 * and indexed once at load: `key value` per line, `#` comments, blank lines skipped.
 * Exact matches use a Map; ip keys match the longest prefix; the others take the
 * first entry in file order that matches, as HAProxy's list-based lookups do.
 * HAProxy reference: src/map.c, src/pattern.c, doc/configuration.txt 7.3.1 "map"
 */
import { type Result, ok, err } from '@switchyard/types'
import { Arg, type ArgValue, type ConvDef, type ReadText, type SampleType, type Value } from '../sample.js'
import { parseIp } from '../match.js'

type Entry = { readonly key: string; readonly value: string }
type Lookup = (key: string) => string | undefined

type Method = 'str' | 'beg' | 'sub' | 'dir' | 'dom' | 'end' | 'reg' | 'ip' | 'int'

function readMap (file: string, read: ReadText): Result<Entry[]> {
  const text = read(file)
  if (!text.ok) return err(`cannot read map file '${file}': ${text.reason}`)
  const out: Entry[] = []
  for (const raw of text.value.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const m = /^(\S+)\s*(.*)$/.exec(line)
    if (m !== null) out.push({ key: m[1] as string, value: m[2] as string })
  }
  return ok(out)
}

function wordIn (s: string, word: string, delims: string): boolean {
  let from = 0
  for (;;) {
    const i = s.indexOf(word, from)
    if (i < 0) return false
    const end = i + word.length
    if ((i === 0 || delims.includes(s[i - 1] as string)) && (end === s.length || delims.includes(s[end] as string))) return true
    from = i + 1
  }
}

function lookupFor (method: Method, entries: readonly Entry[]): Result<Lookup> {
  switch (method) {
    case 'str': case 'int': {
      const m = new Map<string, string>()
      for (const e of entries) if (!m.has(e.key)) m.set(e.key, e.value)
      return ok((k) => m.get(k))
    }
    case 'beg': return ok((k) => entries.find(e => k.startsWith(e.key))?.value)
    case 'end': return ok((k) => entries.find(e => k.endsWith(e.key))?.value)
    case 'sub': return ok((k) => entries.find(e => k.includes(e.key))?.value)
    case 'dir': return ok((k) => entries.find(e => wordIn(k, e.key, '/?'))?.value)
    case 'dom': return ok((k) => entries.find(e => wordIn(k, e.key, '/?.:'))?.value)
    case 'reg': {
      const res: [RegExp, string][] = []
      for (const e of entries) {
        try { res.push([new RegExp(e.key), e.value]) } catch (x) { return err(`invalid regex '${e.key}': ${(x as Error).message}`) }
      }
      return ok((k) => res.find(([r]) => r.test(k))?.[1])
    }
    case 'ip': return ipLookup(entries)
  }
}

/** Longest-prefix match over IPv4/IPv6 networks. */
function ipLookup (entries: readonly Entry[]): Result<Lookup> {
  const nets: { bytes: Uint8Array; bits: number; value: string }[] = []
  for (const e of entries) {
    const slash = e.key.indexOf('/')
    const bytes = parseIp(slash < 0 ? e.key : e.key.slice(0, slash))
    if (bytes === undefined) return err(`'${e.key}' is not an IP address or network`)
    const bits = slash < 0 ? bytes.length * 8 : Number(e.key.slice(slash + 1))
    if (!Number.isInteger(bits) || bits < 0 || bits > bytes.length * 8) return err(`bad prefix length in '${e.key}'`)
    nets.push({ bytes, bits, value: e.value })
  }
  nets.sort((a, b) => b.bits - a.bits)
  return ok((k) => {
    const a = parseIp(k)
    if (a === undefined) return undefined
    return nets.find(n => n.bytes.length === a.length && prefixEqual(a, n.bytes, n.bits))?.value
  })
}

function prefixEqual (a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff
    if (((a[i] as number) & mask) !== ((b[i] as number) & mask)) return false
  }
  return true
}

function mapConverter (kw: string, method: Method, out: SampleType): ConvDef {
  return {
    kw,
    in: method === 'ip' ? 'ip' : method === 'int' ? 'int' : 'str',
    out,
    args: [Arg.str('file'), Arg.str('default', { optional: true })],
    load: (args: readonly ArgValue[], read: ReadText) => {
      const entries = readMap(String(args[0]), read)
      if (!entries.ok) return entries
      return lookupFor(method, entries.value)
    },
    conv: (v: Value, args: readonly ArgValue[], _s, loaded: unknown): Value | undefined => {
      const found = (loaded as Lookup)(String(v))
      const r = found ?? (args[1] === undefined ? undefined : String(args[1]))
      if (r === undefined) return undefined
      if (out !== 'int') return r
      const n = /^[-+]?\d+/.exec(r)
      return n === null ? undefined : Number(n[0])
    },
  }
}

const METHODS: readonly Method[] = ['str', 'beg', 'sub', 'dir', 'dom', 'end', 'reg', 'ip', 'int']
/** HAProxy's output-type suffixes (a plain name gives a string). */
const OUTPUTS: readonly SampleType[] = ['int', 'ip']

export const mapConverters: readonly ConvDef[] = [
  mapConverter('map', 'str', 'str'),
  ...METHODS.map(m => mapConverter(`map_${m}`, m, 'str')),
  ...METHODS.flatMap(m => OUTPUTS.map(o => mapConverter(`map_${m}_${o}`, m, o))),
]

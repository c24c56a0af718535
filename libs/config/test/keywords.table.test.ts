import { test } from 'node:test'
import assert from 'node:assert/strict'
import { balanceAlgorithms } from '@switchyard/lb'
import { registry, optionTable, BIND_OPTIONS, SERVER_OPTIONS, SECTION_NAMES, parseConfigText, checkConfig, formatDiagnostic } from '../src/index.js'
import { readFixtures, codeLines } from './manual-fixtures.js'

const lines = readFixtures('valid').flatMap(f => codeLines(f.text))

function escape (s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A word on its own: '-', '.' and '_' count as word characters (no-check is not check). */
function wordIn (word: string): RegExp {
  return new RegExp(`(?<![\\w.-])${escape(word)}(?![\\w.-])`)
}

test('every keyword descriptor has a usage, and no two share a name and a section', () => {
  for (const [kw, defs] of registry) {
    let seen = 0
    for (const d of defs) {
      assert.equal(d.kw, kw)
      assert.ok(d.usage.trim() !== '', `'${kw}' has an empty usage`)
      const shared = seen & d.sections
      const names = Object.entries(SECTION_NAMES).filter(([bit]) => (Number(bit) & shared) !== 0).map(([, n]) => n)
      assert.equal(shared, 0, `'${kw}' is declared twice for ${names.join(', ')}`)
      seen |= d.sections
    }
  }
  for (const [name, o] of optionTable) assert.ok(o.usage.trim() !== '', `'option ${name}' has an empty usage`)
  for (const table of [BIND_OPTIONS, SERVER_OPTIONS]) {
    const names = table.map(o => o.name)
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), [], 'duplicate bind/server option names')
  }
})

test('every registered keyword starts a line of some valid fixture', () => {
  const firstWords = new Set(lines.map(l => l.split(/\s+/)).map(w => (w[0] === 'no' || w[0] === 'default') && w.length > 1 ? w[1] : w[0]))
  const missing = [...registry.keys()].filter(kw => !firstWords.has(kw))
  assert.deepEqual(missing, [], `keywords used by no valid fixture: ${missing.join(' ')}`)
})

test('every option of optionTable is used by some valid fixture', () => {
  const missing = [...optionTable.keys()].filter(name => !lines.some(l => new RegExp(`^(no\\s+|default\\s+)?option\\s+${escape(name)}(\\s|$)`).test(l)))
  assert.deepEqual(missing, [], `options used by no valid fixture: ${missing.join(' ')}`)
})

test('every bind option and server option is used by some valid fixture', () => {
  const bindLines = lines.filter(l => /^(bind|stats\s+socket)\s/.test(l))
  const serverLines = lines.filter(l => /^(server|default-server)\s/.test(l))
  const missingBind = BIND_OPTIONS.map(o => o.name).filter(n => !bindLines.some(l => wordIn(n).test(l.replace(/^\S+\s+\S+/, ''))))
  const missingServer = SERVER_OPTIONS.map(o => o.name).filter(n => !serverLines.some(l => wordIn(n).test(l.replace(/^server\s+\S+\s+\S+|^default-server/, ''))))
  assert.deepEqual(missingBind, [], `bind options used by no valid fixture: ${missingBind.join(' ')}`)
  assert.deepEqual(missingServer, [], `server options used by no valid fixture: ${missingServer.join(' ')}`)
})

/** Algorithms that need an argument to make sense. */
const BALANCE_ARGS: Readonly<Record<string, string>> = {
  url_param: 'url_param userid',
  hdr: 'hdr(host)',
  hash: 'hash path',
  'rdp-cookie': 'rdp-cookie(mstshash)',
}

test('every balance algorithm round-trips through `balance <name>`', () => {
  for (const name of balanceAlgorithms.keys()) {
    const line = BALANCE_ARGS[name] ?? name
    const text = `defaults\n  mode http\n  timeout connect 5s\n  timeout client 5s\n  timeout server 5s\nbackend b\n  balance ${line}\n  server s1 10.0.0.1:80\n`
    const r = parseConfigText([{ file: 't.cfg', text }], { env: {} })
    const alerts = [...r.diagnostics, ...checkConfig(r.config)].filter(d => d.severity === 'alert').map(formatDiagnostic)
    assert.deepEqual(alerts, [], `balance ${line}`)
    assert.equal(r.config.proxies[0]?.balance?.algorithm, name, `balance ${line}`)
  }
})

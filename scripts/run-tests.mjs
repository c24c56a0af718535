#!/usr/bin/env node
// Runs every compiled test file (*.test.js under each package's dist/) in one
// `node --test` run, so the output ends with one summary. Node 20's --test takes
// paths, not globs, hence this finder. Extra arguments filter by path substring.
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { spawnSync } from 'node:child_process'

const root = new URL('..', import.meta.url).pathname
const roots = ['libs', 'services', 'cli', 'test']

function find (dir, out) {
  let entries
  try { entries = readdirSync(dir) } catch { return out }
  for (const name of entries) {
    if (name === 'node_modules') continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) find(p, out)
    else if (name.endsWith('.test.js') && p.includes(`${'/'}dist${'/'}`)) out.push(p)
  }
  return out
}

const filters = process.argv.slice(2)
const files = roots.flatMap(r => find(join(root, r), []))
  .map(f => relative(root, f))
  .filter(f => filters.length === 0 || filters.some(x => f.includes(x)))
  .sort()
if (files.length === 0) {
  console.error('no test files found (did `tsc -b` run?)')
  process.exit(1)
}
const r = spawnSync(process.execPath, ['--test', '--enable-source-maps', ...files], { cwd: root, stdio: 'inherit' })
process.exit(r.status ?? 1)

/**
 * Test helpers: server slots, balancer construction through the public table,
 * and pick counting.
 */
import assert from 'node:assert/strict'
import {
  DEFAULT_HASH, findBalance, splitBalanceWord,
  type Balancer, type BalanceArgs, type HashOptions, type PickInput, type ServerSlot,
} from '../src/index.js'

export type SlotInit = Partial<Omit<ServerSlot, 'id'>>

export function slot (id: number, init: SlotInit = {}): ServerSlot {
  return { id, name: init.name ?? `s${id}`, weight: 1, backup: false, usable: true, active: 0, maxconn: 0, ...init }
}

export function slots (...weights: number[]): ServerSlot[] {
  return weights.map((weight, i) => slot(i + 1, { weight }))
}

/** `balance <words...>` as the config layer does it: split, parse, create. */
export function balance (
  words: string,
  servers: readonly ServerSlot[],
  opts: { hash?: Partial<HashOptions>, extra?: BalanceArgs } = {},
): Balancer {
  const [word = '', ...rest] = words.split(' ')
  const { name, inner } = splitBalanceWord(word)
  const def = findBalance(name)
  assert.ok(def, `unknown algorithm ${name}`)
  const parsed = def.parseArgs(inner === undefined ? rest : [inner, ...rest])
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason)
  return def.create(servers, { ...parsed.value, ...opts.extra }, { ...DEFAULT_HASH, ...opts.hash })
}

export function picks (b: Balancer, n: number, input: PickInput = { src: '10.0.0.1' }): string[] {
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(b.pick(input)?.name ?? '-')
  return out
}

export function counts (names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const n of names) out[n] = (out[n] ?? 0) + 1
  return out
}

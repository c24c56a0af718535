import assert from 'node:assert/strict'
import { test } from 'node:test'
import { balance, counts, picks, slots } from './helpers.js'

function shareOfIdle (words: string): number {
  const servers = slots(4, 4)
  servers[0]!.active = 100 // s1 busy, s2 idle
  const c = counts(picks(balance(words, servers), 4000))
  return (c['s2'] ?? 0) / 4000
}

test('random(2): power of two choices favours the least loaded server', () => {
  const one = shareOfIdle('random(1)')
  const two = shareOfIdle('random(2)')
  const many = shareOfIdle('random(8)')
  assert.ok(two > one + 0.1, `random(2) ${two} vs random(1) ${one}`)
  assert.ok(many > 0.97, `random(8) ${many}`)
  assert.ok(shareOfIdle('random') > one + 0.1) // default is 2 draws
})

test('random: every usable server gets picked, down ones never', () => {
  const servers = slots(1, 1, 1)
  servers[2]!.usable = false
  const c = counts(picks(balance('random', servers), 300))
  assert.deepEqual(Object.keys(c).sort(), ['s1', 's2'])
})

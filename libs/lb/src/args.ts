/**
 * Typed reads of parsed `balance` arguments (BalanceArgs is a loose record).
 */
import type { BalanceArgs } from './balancer.js'

export function argString (args: BalanceArgs, key: string): string | undefined {
  const v = args[key]
  return typeof v === 'string' ? v : undefined
}

export function argNumber (args: BalanceArgs, key: string, dflt: number): number {
  const v = args[key]
  return typeof v === 'number' ? v : dflt
}

export function argFlag (args: BalanceArgs, key: string): boolean {
  return args[key] === true
}

/** A strictly positive decimal integer, or undefined. */
export function positiveInt (word: string | undefined): number | undefined {
  if (word === undefined || !/^\d+$/.test(word)) return undefined
  const n = Number(word)
  return n > 0 && Number.isSafeInteger(n) ? n : undefined
}

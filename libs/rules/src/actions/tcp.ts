/**
 * `tcp-request connection` rules: accept or reject a connection from layer-4
 * facts, before anything is read; `tcp-request content` rules: the same on the
 * client's first bytes, within `tcp-request inspect-delay`. Rules run in order; the first accept or reject
 * whose condition holds decides, and a connection no rule decides is accepted.
 * HAProxy reference: src/tcp_rules.c tcp_exec_l4_rules()
 */
import type { StreamView } from '@switchyard/types'
import { compileCondition, type AclTable, type Condition } from '../condition.js'
import type { ReadText } from '../acl.js'
import type { RuleError } from './http.js'

export class TcpRule {
  constructor (readonly action: 'accept' | 'reject', private readonly cond: Condition | undefined) {}

  get conditional (): boolean { return this.cond !== undefined }

  /** The rule's decision for this connection, or undefined when its condition fails. */
  decide (s: StreamView): 'accept' | 'reject' | undefined {
    return this.cond === undefined || this.cond.test(s) ? this.action : undefined
  }
}

/**
 * `tcp-request content` while data is still awaited (`final` false): a rule decides
 * only when its condition holds, and an unconditional rule waits for the end of
 * `inspect-delay` (it would decide then). At the end (`final`), the first rule whose
 * condition holds or that has none decides, and no decision means accept.
 */
export function inspectContent (rules: readonly TcpRule[], s: StreamView, final: boolean): 'accept' | 'reject' | undefined {
  for (const r of rules) {
    if (!final && !r.conditional) return undefined
    const d = r.decide(s)
    if (d !== undefined) return d
  }
  return final ? 'accept' : undefined
}

/** True when the connection may go on. */
export function acceptConnection (rules: readonly TcpRule[], s: StreamView): boolean {
  for (const r of rules) {
    const d = r.decide(s)
    if (d !== undefined) return d === 'accept'
  }
  return true
}

/** Compiles one `tcp-request connection|content accept|reject ...` line (its words, from the keyword on). */
export function compileTcpConnectionRule (words: readonly string[], acls: AclTable, read?: ReadText): { ok: true; value: TcpRule } | RuleError {
  const action = words[2]
  if (action !== 'accept' && action !== 'reject') return { ok: false, reason: `action '${action ?? ''}' of 'tcp-request ${words[1] ?? ''}' is not supported by switchyard yet`, unsupported: true }
  const ci = words.findIndex(w => w === 'if' || w === 'unless')
  if (ci >= 0 && ci !== 3) return { ok: false, reason: `'tcp-request ${words[1] ?? ''} ${action}' takes no argument, got '${words[3] as string}'` }
  if (ci < 0) return words.length > 3 ? { ok: false, reason: `'tcp-request ${words[1] ?? ''} ${action}' takes no argument` } : { ok: true, value: new TcpRule(action, undefined) }
  const c = compileCondition(words[ci] as 'if' | 'unless', words.slice(ci + 1), acls, read)
  if (!c.ok) return { ok: false, reason: c.reason, ...(c.unsupported === true ? { unsupported: true } : {}) }
  return { ok: true, value: new TcpRule(action, c.value) }
}

/**
 * Variables of one client connection (`set-var`, `var()`): `sess.*` live as long
 * as the connection, `txn.*`, `req.*` and `res.*` for one request, `proc.*` are
 * the data plane's (shared by every connection).
 * HAProxy reference: src/vars.c
 */
import type { VarStore } from '@switchyard/types'

type VarValue = string | number | boolean

export class SessionVars implements VarStore {
  private readonly sess = new Map<string, VarValue>()
  private readonly txn = new Map<string, VarValue>()

  constructor (private readonly proc: Map<string, VarValue>) {}

  /** A new request: the transaction's variables are gone. */
  newTransaction (): void {
    if (this.txn.size > 0) this.txn.clear()
  }

  get (name: string): VarValue | undefined { return this.scope(name).get(name) }
  set (name: string, value: VarValue): void { this.scope(name).set(name, value) }
  unset (name: string): void { this.scope(name).delete(name) }

  private scope (name: string): Map<string, VarValue> {
    if (name.startsWith('sess.')) return this.sess
    if (name.startsWith('proc.')) return this.proc
    return this.txn
  }
}

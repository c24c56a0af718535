/**
 * A `userlist` section at runtime: users with their passwords and groups, for
 * http_auth() and http_auth_group(). Only `insecure-password` users are checked
 * here; crypt(3) hashes (`password $6$...`) are refused at start (unsupported.ts),
 * as node has no crypt().
 * HAProxy reference: src/auth.c check_user(), include/haproxy/auth-t.h
 */
import { timingSafeEqual } from 'node:crypto'
import type { UserlistModel } from '@switchyard/config'
import type { UserlistView } from '@switchyard/types'

export class Userlist implements UserlistView {
  private readonly passwords = new Map<string, string>()
  private readonly groups = new Map<string, string[]>()

  constructor (model: UserlistModel) {
    for (const u of model.users) {
      if (u.insecure) this.passwords.set(u.name, u.password)
      this.groups.set(u.name, [...u.groups])
    }
    for (const g of model.groups) {
      for (const user of g.users) {
        const list = this.groups.get(user)
        if (list !== undefined && !list.includes(g.name)) list.push(g.name)
      }
    }
  }

  verify (user: string, password: string): boolean {
    const want = this.passwords.get(user)
    if (want === undefined) return false
    const a = Buffer.from(want)
    const b = Buffer.from(password)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  groupsOf (user: string): readonly string[] {
    return this.groups.get(user) ?? []
  }
}

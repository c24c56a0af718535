/**
 * Each proxy's `acl` lines compiled once per data plane, so their `-f` pattern files
 * and map files are read once, whichever rules (use_backend, http-request, monitor
 * fail, tcp-request...) name them. Built at load; nothing here runs per request.
 */
import type { ProxyModel } from '@switchyard/config'
import { compileAclTable, type AclTable } from '@switchyard/rules'
import { DataplaneError, ErrorCode } from './errors.js'

export class AclTables {
  private readonly tables = new Map<ProxyModel, ReturnType<typeof compileAclTable<ProxyModel['acls'][number]['loc']>>>()

  /** The proxy's compiled ACLs, or why not (the line and the reason). */
  of (p: ProxyModel): ReturnType<typeof compileAclTable<ProxyModel['acls'][number]['loc']>> {
    let t = this.tables.get(p)
    if (t === undefined) { t = compileAclTable(p.acls); this.tables.set(p, t) }
    return t
  }

  /** The proxy's compiled ACLs; a failure is a config error naming the line. */
  require (p: ProxyModel): AclTable {
    const t = this.of(p)
    if (!t.ok) throw new DataplaneError(ErrorCode.Config, `parsing [${t.loc.file}:${t.loc.line}] : ${t.reason}`)
    return t.value
  }
}

/**
 * Fresh model objects with HAProxy's built-in defaults, and the defaults-section
 * inheritance: a proxy starts as a copy of its defaults section, exactly as
 * HAProxy copies the defaults proxy into every new proxy.
 * HAProxy reference: src/proxy.c init_new_proxy(), proxy_preset_defaults(), proxy_defproxy_cpy()
 */
import type { ConfigModel, GlobalModel, Loc, ProxyCap, ProxyModel, ServerDefaults, StatsModel } from './model.js'

export function newGlobal (): GlobalModel {
  return { daemon: false, masterWorker: false, statsSockets: [], logs: [], tune: {}, ssl: {}, setenv: [], other: [] }
}

export function newConfig (): ConfigModel {
  return { global: newGlobal(), proxies: [], defaults: [], peers: [], resolvers: [], userlists: [], files: [] }
}

export function newServerDefaults (): ServerDefaults {
  return {
    weight: 1, maxconn: 0, maxqueue: 0, minconn: 0, backup: false, disabled: false, check: false,
    inter: 2000, rise: 2, fall: 3, options: {},
  }
}

function newStats (): StatsModel {
  return { enabled: false, auth: [], hideVersion: false, showLegends: false, scope: [], admin: [], lines: [] }
}

/**
 * A new proxy: a deep copy of `base` (its defaults section) when given, else
 * HAProxy's built-in defaults. What defaults sections may not hold (binds,
 * servers, ACLs, use_backend...) starts empty because they cannot be set there.
 */
export function newProxy (name: string, cap: ProxyCap, loc: Loc, base: ProxyModel | undefined): ProxyModel {
  if (base !== undefined) {
    const copy = structuredClone(base)
    return { ...copy, name, cap, loc, ...(base.cap === 'defaults' && base.name !== '' ? { from: base.name } : { from: '' }) }
  }
  return {
    name, cap, loc, mode: 'tcp', disabled: false, binds: [], retries: 3, timeouts: {}, options: {},
    servers: [], defaultServer: newServerDefaults(), useBackends: [], useServers: [], acls: [], rules: {},
    stats: newStats(), errorfiles: {}, errorloc: {}, retryOn: [], httpReuse: 'safe', logs: [], captures: [], other: [],
  }
}

/**
 * What this build claims for `.if` conditions, `-cc`, `-v` and `-vv`:
 * HAProxy 2.6 compatibility (VTest and configs test `version_atleast(2.6-dev0)`).
 */
import { type BuildInfo } from './condition.js'

export const SWITCHYARD_VERSION = '0.1.0'
export const HAPROXY_COMPAT_VERSION = '2.6.0'

export function defaultBuild (opensslVersion: string): BuildInfo {
  return {
    version: HAPROXY_COMPAT_VERSION,
    features: ['OPENSSL', 'PCRE2', 'TPROXY', 'LINUX_SPLICE', 'ZLIB', 'PROMEX'],
    sslLibName: 'OpenSSL',
    opensslVersion,
  }
}

/**
 * Addresses as HAProxy's config writes them, resolved: inet (v4/v6, with a port
 * range), unix socket paths, and inherited file descriptors (`fd@N`).
 */
export type AddressFamily = 'ipv4' | 'ipv6'

export type InetAddress = {
  readonly kind: 'inet'
  /** Numeric host ('0.0.0.0', '::', '10.0.0.1'); '' means "any" of both families. */
  readonly host: string
  readonly family: AddressFamily | 'any'
  readonly portLow: number
  readonly portHigh: number
  /** The port was written with a + or - sign: an offset from the client's port. */
  readonly portOffset?: boolean
  /** True when no port was given (servers may then use the client's port). */
  readonly noPort?: boolean
  /** Name written in the config, when it was a host name resolved at load. */
  readonly hostname?: string
}

export type UnixAddress = { readonly kind: 'unix'; readonly path: string; readonly abstract?: boolean }
export type FdAddress = { readonly kind: 'fd'; readonly fd: number }
export type Address = InetAddress | UnixAddress | FdAddress

export function formatAddress (a: Address): string {
  switch (a.kind) {
    case 'unix': return (a.abstract ? 'abns@' : 'unix@') + a.path
    case 'fd': return `fd@${a.fd}`
    case 'inet': {
      const host = a.family === 'ipv6' ? `[${a.host}]` : a.host
      const port = a.noPort ? '' : a.portLow === a.portHigh ? `:${a.portLow}` : `:${a.portLow}-${a.portHigh}`
      return host + port
    }
  }
}

/**
 * HAProxy's units: times (us, ms, s, m, h, d; a bare number is ms), sizes
 * (k, m, g as powers of 1024) and listener/server addresses.
 * HAProxy reference: src/tools.c parse_time_err(), parse_size_err(), str2sa_range()
 */
import { isIP } from 'node:net'
import { type Result, ok, err, type Address, type Millis, type Bytes } from '@switchyard/types'

const TIME_UNITS: Readonly<Record<string, number>> = {
  us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000,
}

/** Largest time HAProxy accepts (2^31-1 ms, about 24.8 days). */
export const MAX_TIME_MS = 2_147_483_647

export function parseTime (text: string): Result<Millis> {
  const m = /^(\d+)([a-z]*)$/.exec(text)
  if (m === null) return err(`expects <time> (a number with an optional unit us, ms, s, m, h, d)`)
  const unit = m[2] === '' ? 'ms' : m[2] as string
  const factor = TIME_UNITS[unit]
  if (factor === undefined) return err(`unexpected unit '${unit}' (expected us, ms, s, m, h or d)`)
  // Sub-millisecond values round up, so a non-zero time never becomes 0 (infinite).
  const ms = Math.ceil(Number(m[1]) * factor)
  if (ms > MAX_TIME_MS) return err(`timer overflow: '${text}' is larger than 2147483647 ms (~24.8 days)`)
  return ok(ms)
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }

export function parseSize (text: string): Result<Bytes> {
  const m = /^(\d+)([kmgKMG]?)$/.exec(text)
  if (m === null) return err(`expects <size> (a number with an optional unit k, m or g)`)
  return ok(Number(m[1]) * (SIZE_UNITS[(m[2] as string).toLowerCase()] as number))
}

export function parseInteger (text: string, min = 0, max = Number.MAX_SAFE_INTEGER): Result<number> {
  if (!/^-?\d+$/.test(text)) return err(`expects an integer`)
  const n = Number(text)
  if (n < min || n > max) return err(`expects an integer between ${min} and ${max}`)
  return ok(n)
}

export type AddressUse = 'bind' | 'server' | 'log' | 'peer'

/** An address as written, before host names are resolved. */
export type ParsedAddress = { readonly address: Address; readonly needsResolve: boolean }

/**
 * Parses one address (not a comma-separated list; see parseAddressList).
 * Host names are kept in `host` with needsResolve=true; loading resolves them.
 */
export function parseAddress (text: string, use: AddressUse): Result<ParsedAddress> {
  const at = /^([a-z0-9]+)@(.*)$/.exec(text)
  if (at !== null) return parsePrefixed(at[1] as string, at[2] as string, use, text)
  if (text.startsWith('/')) return ok({ address: { kind: 'unix', path: text }, needsResolve: false })
  return parseInet(text, 'any', use)
}

export function parseAddressList (text: string, use: AddressUse): Result<ParsedAddress[]> {
  const out: ParsedAddress[] = []
  for (const part of text.split(',')) {
    if (part === '') return err(`empty address in list '${text}'`)
    const a = parseAddress(part, use)
    if (!a.ok) return a
    out.push(a.value)
  }
  return ok(out)
}

function parsePrefixed (prefix: string, rest: string, use: AddressUse, text: string): Result<ParsedAddress> {
  switch (prefix) {
    case 'unix': return rest === '' ? err(`missing path in '${text}'`) : ok({ address: { kind: 'unix', path: rest }, needsResolve: false })
    case 'abns': return ok({ address: { kind: 'unix', path: rest, abstract: true }, needsResolve: false })
    case 'fd': {
      if (!/^\d+$/.test(rest)) return err(`'${text}' expects a file descriptor number after 'fd@' (is the environment variable set?)`)
      return ok({ address: { kind: 'fd', fd: Number(rest) }, needsResolve: false })
    }
    case 'ipv4': case 'tcp4': case 'udp4': return parseInet(rest, 'ipv4', use)
    case 'ipv6': case 'tcp6': case 'udp6': return parseInet(rest, 'ipv6', use)
    case 'tcp': case 'udp': return parseInet(rest, 'any', use)
    default: return err(`unknown address family '${prefix}@' in '${text}'`)
  }
}

function parseInet (text: string, want: 'ipv4' | 'ipv6' | 'any', use: AddressUse): Result<ParsedAddress> {
  const split = splitHostPort(text)
  if (!split.ok) return split
  const { host, port } = split.value
  const ports = parsePorts(port, use, text)
  if (!ports.ok) return ports
  const wildcard = host === '' || host === '*'
  let family: 'ipv4' | 'ipv6' | 'any'
  let numericHost = host
  let needsResolve = false
  if (wildcard) {
    family = want === 'ipv6' ? 'ipv6' : 'ipv4'
    numericHost = family === 'ipv6' ? '::' : '0.0.0.0'
  } else if (isIP(host) === 4) {
    family = 'ipv4'
  } else if (isIP(host) === 6) {
    family = 'ipv6'
  } else if (/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(host)) {
    family = want
    needsResolve = true
  } else {
    return err(`invalid address: '${host}' in '${text}'`)
  }
  if (want !== 'any' && family !== 'any' && family !== want) return err(`'${host}' is not an ${want} address`)
  return ok({
    address: {
      kind: 'inet', host: numericHost, family, ...ports.value,
      ...(needsResolve ? { hostname: host } : {}),
    },
    needsResolve,
  })
}

function splitHostPort (text: string): Result<{ host: string; port: string | undefined }> {
  if (text.startsWith('[')) {
    const close = text.indexOf(']')
    if (close < 0) return err(`missing ']' in '${text}'`)
    const rest = text.slice(close + 1)
    if (rest !== '' && !rest.startsWith(':')) return err(`unexpected '${rest}' after ']' in '${text}'`)
    return ok({ host: text.slice(1, close), port: rest === '' ? undefined : rest.slice(1) })
  }
  const last = text.lastIndexOf(':')
  if (last < 0) return ok({ host: text, port: undefined })
  // An unbracketed IPv6 address: the last colon separates the port (HAProxy's rule),
  // unless the whole text is itself a valid IPv6 address without a port.
  const host = text.slice(0, last)
  if (host.includes(':') && isIP(text) === 6 && isIP(host) !== 6 && host !== '') return ok({ host: text, port: undefined })
  return ok({ host, port: text.slice(last + 1) })
}

function parsePorts (port: string | undefined, use: AddressUse, text: string):
Result<{ portLow: number; portHigh: number; noPort?: boolean; portOffset?: boolean }> {
  if (port === undefined || port === '') {
    if (use === 'bind') return err(`missing port number: '${text}'`)
    if (use === 'log') return ok({ portLow: 514, portHigh: 514 })
    return ok({ portLow: 0, portHigh: 0, noPort: true })
  }
  const offset = /^[+-]\d+$/.test(port)
  if (offset) {
    if (use !== 'server') return err(`port offsets are only valid on servers: '${text}'`)
    const n = Number(port)
    return ok({ portLow: n, portHigh: n, portOffset: true })
  }
  const m = /^(\d+)(?:-(\d+))?$/.exec(port)
  if (m === null) return err(`invalid port '${port}' in '${text}'`)
  const low = Number(m[1])
  const high = m[2] === undefined ? low : Number(m[2])
  if (low < 1 && !(use === 'bind' && low === 0) || low > 65535 || high > 65535) return err(`invalid port '${port}' (expected 1-65535) in '${text}'`)
  if (high < low) return err(`invalid port range '${port}' in '${text}'`)
  if (high !== low && use !== 'bind') return err(`port ranges are only valid on 'bind': '${text}'`)
  return ok({ portLow: low, portHigh: high })
}

/**
 * Socket options node does not offer, set with setsockopt(2) through libc. The
 * FFI library (koffi, with prebuilt binaries) is an optional dependency: without
 * it the options are not set and everything else works as before.
 *
 * TCP_QUICKACK on server connections: a server that sends a response in two parts
 * without TCP_NODELAY (nginx with sendfile and tcp_nopush, for one) holds the second
 * part until its first is acknowledged (Nagle), and Linux delays that
 * acknowledgement up to 40 ms on a request/response connection. Measured on the
 * bench: 0.2% of 64 KiB responses waited 40 ms, which set wrk's p99 (20-40 ms
 * against HAProxy's 4-5 ms); with the option, 4-6 ms. HAProxy reads 16 KiB at a
 * time and keeps a smaller receive window, whose window updates carry the
 * acknowledgement early; switchyard reads up to 64 KiB at once.
 */
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'

const IPPROTO_TCP = 6
const TCP_QUICKACK = 12

export interface SocketOptions {
  /** Whether the options are really set (false without the FFI library). */
  readonly available: boolean
  /** Acknowledges received data now instead of after the delayed-ACK timer; false if it could not. */
  quickAck (socket: Socket): boolean
}

type SetSockOpt = (fd: number, level: number, name: number, value: number[], len: number) => number
type Koffi = { load (path: string): { func (signature: string): SetSockOpt } }

const NONE: SocketOptions = { available: false, quickAck: () => false }

/** Loads setsockopt from libc, or gives options that do nothing. */
export function loadSocketOptions (): SocketOptions {
  if (process.platform !== 'linux') return NONE
  let setsockopt: SetSockOpt
  try {
    const koffi = createRequire(import.meta.url)('koffi') as Koffi
    setsockopt = koffi.load('libc.so.6').func('int setsockopt(int, int, int, _In_ int*, uint32_t)')
  } catch {
    return NONE
  }
  const one = [1]
  return {
    available: true,
    quickAck: (socket) => {
      const fd = socketFd(socket)
      return fd !== undefined && setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, one, 4) === 0
    },
  }
}

/** The file descriptor under a connected net.Socket (undefined once closed). */
export function socketFd (socket: Socket): number | undefined {
  const handle = (socket as unknown as { _handle: { fd?: number } | null })._handle
  const fd = handle?.fd
  return typeof fd === 'number' && fd >= 0 ? fd : undefined
}

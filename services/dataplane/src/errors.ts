/**
 * Data plane error codes, in one place (fastify's lib/errors.js shape).
 * Match on `code` across package boundaries, never on messages.
 */
export const ErrorCode = {
  NoServer: 'SY_ERR_DP_NO_SERVER',
  QueueTimeout: 'SY_ERR_DP_QUEUE_TIMEOUT',
  ConnectTimeout: 'SY_ERR_DP_CONNECT_TIMEOUT',
  ConnectFailed: 'SY_ERR_DP_CONNECT_FAILED',
  ServerTimeout: 'SY_ERR_DP_SERVER_TIMEOUT',
  ServerClosed: 'SY_ERR_DP_SERVER_CLOSED',
  BadResponse: 'SY_ERR_DP_BAD_RESPONSE',
  Listen: 'SY_ERR_DP_LISTEN',
  Unsupported: 'SY_ERR_DP_UNSUPPORTED',
  Config: 'SY_ERR_DP_CONFIG',
} as const
export type ErrorCodeValue = typeof ErrorCode[keyof typeof ErrorCode]

export class DataplaneError extends Error {
  override readonly name = 'DataplaneError'
  constructor (readonly code: ErrorCodeValue, message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

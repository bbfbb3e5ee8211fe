/** Every way an OTP flow can fail, as one closed union. */
export type OtpAuthErrorKind =
  | 'invalid_identifier'
  | 'user_not_found'
  | 'user_exists'
  | 'invalid_code_format'
  | 'invalid_or_expired_code'
  | 'code_expired'
  | 'too_many_attempts'
  | 'user_inactive'
  | 'rate_limited'
  | 'network'
  | 'timeout'
  | 'server'
  | 'bad_response'

export interface OtpAuthErrorInit {
  kind: OtpAuthErrorKind
  message: string
  /** HTTP status of the response behind the error, when there was one. */
  status?: number
  /** The API's own error code (`code` in its `{ code, error }` body). */
  code?: string
  /** For `rate_limited`: how long to wait before trying again, from `Retry-After`. */
  retryAfterMs?: number
}

/** What to tell the person, per kind; UIs may use their own words. */
export const otpAuthErrorMessages: Record<OtpAuthErrorKind, string> = {
  invalid_identifier: 'Enter a valid email address or a phone number with its country code.',
  user_not_found: 'There is no account for this email or phone number.',
  user_exists: 'An account already exists for this email or phone number. Log in instead.',
  invalid_code_format: 'Enter the 6-digit code we sent you.',
  invalid_or_expired_code: 'That code is wrong or has expired.',
  code_expired: 'This code has expired. Ask for a new one.',
  too_many_attempts: 'Too many wrong codes. Ask for a new one.',
  user_inactive: 'This account is deactivated.',
  rate_limited: 'Too many requests. Wait a moment and try again.',
  network: 'Could not reach the server. Check your connection.',
  timeout: 'The server took too long to answer. Try again.',
  server: 'Something went wrong on the server. Try again.',
  bad_response: 'The server sent an answer we could not read. Try again.',
}

/** Every kind, in the order of `otpAuthErrorMessages`. */
export const otpAuthErrorKinds = Object.keys(otpAuthErrorMessages) as readonly OtpAuthErrorKind[]

/** The one error type of this library; `kind` says what happened. Serialises to plain JSON. */
export class OtpAuthError extends Error implements OtpAuthErrorInit {
  override readonly name = 'OtpAuthError'
  readonly kind: OtpAuthErrorKind
  readonly status?: number
  readonly code?: string
  readonly retryAfterMs?: number

  constructor(init: OtpAuthErrorInit, options?: { cause?: unknown }) {
    super(init.message, options)
    // Each field is an own property either way (class fields), `undefined` when not given.
    this.kind = init.kind
    this.status = init.status
    this.code = init.code
    this.retryAfterMs = init.retryAfterMs
  }

  toJSON(): OtpAuthErrorInit {
    const { kind, message, status, code, retryAfterMs } = this
    return { kind, message, status, code, retryAfterMs }
  }
}

// The failures a repeat of the same request can mend: the server or the road to it. The others
// (an unknown or existing user, a deactivated account, an invalid identifier, a wrong or expired
// code) fail again as they stand: they need another identifier, another choice or a new code.
const retryableKinds: ReadonlySet<OtpAuthErrorKind> = new Set<OtpAuthErrorKind>([
  'rate_limited',
  'network',
  'timeout',
  'server',
  'bad_response',
])

/**
 * Whether repeating the failed request (`flow.retry`) can succeed. The flow refuses a retry after
 * any other kind, and the view's `canRetry` follows.
 *
 * @example
 * ```ts
 * import { createOtpAuthError, isRetryableError } from '@passage-otp/core'
 *
 * isRetryableError(createOtpAuthError('timeout')) // true: "Try again" can help
 * isRetryableError(createOtpAuthError('user_not_found')) // false
 * ```
 */
export function isRetryableError(error: OtpAuthError): boolean {
  return retryableKinds.has(error.kind)
}

/**
 * Whether a value is an `OtpAuthError`, such as what a client call rejected with.
 *
 * @example
 * ```ts
 * import { createPassageOtpClient, isOtpAuthError } from '@passage-otp/core'
 *
 * const client = createPassageOtpClient({ appId: 'demo' })
 * try {
 *   await client.requestLoginOtp({ identifier: 'ada@example.com' })
 * } catch (error) {
 *   if (isOtpAuthError(error) && error.kind === 'rate_limited') console.log(error.retryAfterMs)
 * }
 * ```
 */
export function isOtpAuthError(value: unknown): value is OtpAuthError {
  return value instanceof OtpAuthError
}

/**
 * Whatever an actor rejected with, as an `OtpAuthError` (unknown failures become `network`).
 *
 * @example
 * ```ts
 * import { toOtpAuthError } from '@passage-otp/core'
 *
 * toOtpAuthError(new TypeError('Failed to fetch')).kind // 'network'
 * toOtpAuthError({ kind: 'timeout', message: 'Too slow' }).kind // 'timeout'
 * ```
 */
export function toOtpAuthError(value: unknown): OtpAuthError {
  if (value instanceof OtpAuthError) return value
  if (isErrorInit(value)) return new OtpAuthError(value)
  return createOtpAuthError('network', {}, { cause: value })
}

function isErrorInit(value: unknown): value is OtpAuthErrorInit {
  if (typeof value !== 'object' || value === null) return false
  const { kind, message } = value as Record<string, unknown>
  return typeof message === 'string' && otpAuthErrorKinds.includes(kind as OtpAuthErrorKind)
}

/**
 * An `OtpAuthError` of `kind` with its default message.
 *
 * @example
 * ```ts
 * import { createOtpAuthError } from '@passage-otp/core'
 *
 * const error = createOtpAuthError('rate_limited', { status: 429, retryAfterMs: 30_000 })
 * error.message // 'Too many requests. Wait a moment and try again.'
 * ```
 */
export function createOtpAuthError(
  kind: OtpAuthErrorKind,
  init: Partial<Omit<OtpAuthErrorInit, 'kind'>> = {},
  options?: { cause?: unknown },
): OtpAuthError {
  return new OtpAuthError({ kind, message: otpAuthErrorMessages[kind], ...init }, options)
}

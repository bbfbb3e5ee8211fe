import { createFetch, type FetchResponse } from 'ofetch'
import { isFiniteNumber, isRecord } from './checks'
import {
  createOtpAuthError,
  OtpAuthError,
  type OtpAuthErrorKind,
  otpAuthErrorMessages,
} from './errors'

export const DEFAULT_BASE_URL = 'https://auth.passage.id/v1'
export const DEFAULT_TIMEOUT_MS = 15_000

export interface PassageOtpClientOptions {
  appId: string
  /** Any Passage-compatible backend; defaults to Passage's own `https://auth.passage.id/v1`. */
  baseURL?: string
  /** A `fetch` to use instead of the global one (tests, proxies, React Native polyfills). */
  fetch?: typeof globalThis.fetch
  /** Per request, combined with the caller's abort signal. Default 15 s. */
  timeoutMs?: number
}

export interface RequestOtpInput {
  identifier: string
  /** Two-letter language of the message, such as `de`; the app default when left out. */
  language?: string
}

export interface ActivateOtpInput {
  otpId: string
  code: string
}

export interface OtpSent {
  otpId: string
}

export interface AuthResult {
  authToken: string
  redirectUrl: string
  refreshToken?: string
  /** When the refresh token expires, in Unix seconds, when the backend tells it. */
  refreshTokenExpiration?: number
}

export interface RequestOptions {
  signal?: AbortSignal
}

/** The three calls of the Passage OTP API. Every failure is an `OtpAuthError`. */
export interface PassageOtpClient {
  readonly appId: string
  readonly baseURL: string
  requestLoginOtp(input: RequestOtpInput, options?: RequestOptions): Promise<OtpSent>
  requestRegisterOtp(input: RequestOtpInput, options?: RequestOptions): Promise<OtpSent>
  activateOtp(input: ActivateOtpInput, options?: RequestOptions): Promise<AuthResult>
  /**
   * Trades a refresh token for new tokens (`POST /tokens`); the old refresh token stops working.
   * A revoked, expired or unknown refresh token rejects with kind `server`, status 401 and
   * code `invalid_refresh_token` (see `isInvalidRefreshToken`).
   */
  refreshSession(refreshToken: string, options?: RequestOptions): Promise<AuthResult>
  /** Revokes a refresh token (`DELETE /tokens`); unknown tokens are fine. */
  signOut(refreshToken: string, options?: RequestOptions): Promise<void>
}

type Endpoint = 'login/otp' | 'register/otp' | 'otp/activate' | 'tokens'

const sessionEndedMessage = 'Your session has ended. Sign in again.'

/** The three calls of a flow: what the machine's requests need from a client. */
export type OtpRequests = Pick<
  PassageOtpClient,
  'requestLoginOtp' | 'requestRegisterOtp' | 'activateOtp'
>

/**
 * A client for the Passage OTP endpoints (send a code, activate it, refresh and revoke tokens);
 * its failures are `OtpAuthError`s.
 *
 * @example
 * ```ts
 * import { createPassageOtpClient } from '@passage-otp/core'
 *
 * const client = createPassageOtpClient({ appId: 'demo', baseURL: 'http://127.0.0.1:8787/v1' })
 * const { otpId } = await client.requestLoginOtp({ identifier: 'ada@example.com' })
 * const { authToken } = await client.activateOtp({ otpId, code: '123456' })
 * ```
 */
export function createPassageOtpClient(options: PassageOtpClientOptions): PassageOtpClient {
  const { baseURL, send } = connect(options)
  return {
    appId: options.appId,
    baseURL,
    ...otpRequests(send),
    async refreshSession(refreshToken, request) {
      return parseAuthResult(
        await send('POST', 'tokens', { body: { refresh_token: refreshToken } }, request),
      )
    },
    async signOut(refreshToken, request) {
      await send('DELETE', 'tokens', { query: { refresh_token: refreshToken } }, request)
    },
  }
}

/**
 * The flow's three calls alone, on the same terms as `createPassageOtpClient`: what a flow makes
 * from app settings, so that its bundle does not carry the session's calls.
 */
export function createOtpRequests(options: PassageOtpClientOptions): OtpRequests {
  return otpRequests(connect(options).send)
}

type Send = ReturnType<typeof connect>['send']

function otpRequests(send: Send): OtpRequests {
  async function requestOtp(endpoint: Endpoint, input: RequestOtpInput, request?: RequestOptions) {
    const body = input.language
      ? { identifier: input.identifier, language: input.language }
      : { identifier: input.identifier }
    const data = await send('POST', endpoint, { body }, request)
    const otpId = field(data, 'otp_id')
    if (!otpId) throw badResponse('The answer had no otp_id.')
    return { otpId }
  }
  return {
    requestLoginOtp: (input, request) => requestOtp('login/otp', input, request),
    requestRegisterOtp: (input, request) => requestOtp('register/otp', input, request),
    async activateOtp(input, request) {
      const body = { otp: input.code, otp_id: input.otpId }
      return parseAuthResult(await send('POST', 'otp/activate', { body }, request))
    },
  }
}

/** The app's base URL and a `send` for its endpoints, for checked options. */
function connect(options: PassageOtpClientOptions) {
  if (typeof options?.appId !== 'string' || options.appId.trim() === '') {
    throw new TypeError(
      // The sentence for development only, as bundlers fold it; production names the option.
      typeof process === 'object' && process.env.NODE_ENV !== 'production'
        ? 'createPassageOtpClient: `appId` must be a non-empty string.'
        : 'appId',
    )
  }
  const baseURL = (options.baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const $fetch = createFetch({ fetch: options.fetch ?? ((...args) => globalThis.fetch(...args)) })
  const appPath = `${baseURL}/apps/${encodeURIComponent(options.appId)}`

  async function send(
    method: 'POST' | 'DELETE',
    endpoint: Endpoint,
    { body, query }: { body?: object; query?: Record<string, string> },
    request?: RequestOptions,
  ): Promise<unknown> {
    // One controller for the caller's signal and the timeout, cleared once the answer is in: it
    // needs neither `AbortSignal.any` nor `AbortSignal.timeout`, which some React Native engines lack.
    // The caller's reason is thrown from the catch below, so the controller needs none.
    const caller = request?.signal
    const controller = new AbortController()
    const abort = () => controller.abort()
    caller?.addEventListener('abort', abort)
    if (caller?.aborted) abort()
    const timer = setTimeout(abort, timeoutMs)
    let response: FetchResponse<string>
    try {
      response = await $fetch.raw(`${appPath}/${endpoint}`, {
        method,
        body,
        query,
        signal: controller.signal,
        retry: 0,
        responseType: 'text',
        ignoreResponseError: true,
      })
    } catch (cause) {
      if (caller?.aborted) throw caller.reason
      // Aborted, and not by the caller: the timeout.
      throw createOtpAuthError(controller.signal.aborted ? 'timeout' : 'network', {}, { cause })
    } finally {
      clearTimeout(timer)
      caller?.removeEventListener('abort', abort)
    }
    const data = parseJson(response._data)
    if (!response.ok) throw errorFromResponse(endpoint, response, data)
    return data
  }

  return { baseURL, send }
}

/**
 * Reads an `auth_result` body (activate, token refresh) into an `AuthResult`.
 *
 * @example
 * ```ts
 * import { parseAuthResult } from '@passage-otp/core'
 *
 * const response = await fetch('/my-backend/activate', { method: 'POST' })
 * const { authToken, redirectUrl } = parseAuthResult(await response.json())
 * ```
 */
export function parseAuthResult(data: unknown): AuthResult {
  const result = entry(data, 'auth_result')
  const authToken = field(result, 'auth_token')
  if (!authToken) throw badResponse('The answer had no auth_result.auth_token.')
  const authResult: AuthResult = { authToken, redirectUrl: field(result, 'redirect_url') ?? '/' }
  const refreshToken = field(result, 'refresh_token')
  if (refreshToken) authResult.refreshToken = refreshToken
  const expiration = entry(result, 'refresh_token_expiration')
  if (isFiniteNumber(expiration)) {
    authResult.refreshTokenExpiration = expiration
  }
  return authResult
}

function errorFromResponse(endpoint: Endpoint, response: Response, data: unknown) {
  const status = response.status
  const code = field(data, 'code')
  const detail = field(data, 'error')
  const kind = errorKind(endpoint, status, code, detail)
  const message =
    code === 'invalid_refresh_token' ? sessionEndedMessage : otpAuthErrorMessages[kind]
  // Fields not given (no `code`, no `Retry-After`) stay `undefined` on the OtpAuthError.
  const init = { kind, message, status, code }
  if (kind === 'rate_limited') {
    return new OtpAuthError({
      ...init,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    })
  }
  return new OtpAuthError(init, { cause: detail })
}

function errorKind(
  endpoint: Endpoint,
  status: number,
  code: string | undefined,
  detail: string | undefined,
): OtpAuthErrorKind {
  if (status === 429) return 'rate_limited'
  if (status >= 500) return 'server'
  // Token refresh and sign-out failures have no kind of their own: `code` tells them apart.
  if (endpoint === 'tokens') return 'server'
  if (code === 'user_not_found') return 'user_not_found'
  if (code === 'exceeded_attempts') return 'too_many_attempts'
  if (code === 'user_not_active') return 'user_inactive'
  if (status === 400 && endpoint === 'otp/activate') return 'invalid_or_expired_code'
  if (status === 400 && /already exists/i.test(String(detail))) return 'user_exists'
  if (status === 400) return 'invalid_identifier'
  return 'server'
}

/**
 * `Retry-After` as seconds or as an HTTP date, in milliseconds from now.
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from '@passage-otp/core'
 *
 * parseRetryAfter('30') // 30000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT') // milliseconds until then
 * parseRetryAfter(null) // undefined
 * ```
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined
  // A blank value is no date either.
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

function badResponse(detail: string) {
  return createOtpAuthError('bad_response', {}, { cause: detail })
}

function parseJson(text: string | undefined): unknown {
  try {
    // No body (undefined, read as "undefined") and an empty one are not JSON either.
    return JSON.parse(text as string)
  } catch {
    // Not JSON: no data.
  }
}

/** `value[key]` when `value` is a record. */
function entry(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined
}

function field(value: unknown, key: string): string | undefined {
  const found = entry(value, key)
  return typeof found === 'string' && found !== '' ? found : undefined
}

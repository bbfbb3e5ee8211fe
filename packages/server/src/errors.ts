import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** Every error the server answers is `{ code, error }` JSON. */
export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  error: string,
  headers?: Record<string, string>,
): Response {
  return c.json({ code, error }, status, headers)
}

export const invalidRequest = (c: Context, error: string): Response =>
  apiError(c, 400, 'invalid_request', error)

/**
 * Formats `Retry-After` for a wait of `waitMs` milliseconds: whole seconds rounded up (at least
 * 1), or an HTTP date rounded up to the next whole second so a client never retries too early.
 */
export function retryAfterHeader(
  waitMs: number,
  nowMs: number,
  format: 'seconds' | 'http-date',
): string {
  const secondsLeft = Math.max(1, Math.ceil(waitMs / 1000))
  if (format === 'seconds') return String(secondsLeft)
  return new Date(Math.ceil((nowMs + waitMs) / 1000) * 1000).toUTCString()
}

export function rateLimited(
  c: Context,
  waitMs: number,
  nowMs: number,
  format: 'seconds' | 'http-date',
  what: string,
): Response {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000))
  return apiError(c, 429, 'rate_limited', `${what}; retry in ${seconds} s.`, {
    'Retry-After': retryAfterHeader(waitMs, nowMs, format),
  })
}

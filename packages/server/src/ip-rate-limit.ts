import type { Context, MiddlewareHandler } from 'hono'
import { rateLimited } from './errors'
import type { PassageEnv } from './hono-env'
import type { Passage } from './passage'

/**
 * The client's address: the socket's peer ('in-process' without a socket), or behind a trusted
 * proxy the last `X-Forwarded-For` entry (the one the proxy added; earlier ones can be forged).
 */
export function clientIp(c: Context<PassageEnv>, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',').pop()?.trim() : ''
  return forwarded || (c.env?.incoming?.socket?.remoteAddress ?? 'in-process')
}

/** A fixed window of requests per client IP, counted in the store (so across instances). */
export function ipRateLimit(passage: Passage): MiddlewareHandler<PassageEnv> {
  return async (c, next) => {
    const limit = passage.ipRateLimit
    if (limit === false) return next()
    const now = passage.now()
    const window = await passage.store.hitIp(clientIp(c, passage.trustProxy), now, limit.windowMs)
    if (window.count > limit.max) {
      const wait = window.windowStart + limit.windowMs - now
      return rateLimited(c, wait, now, passage.retryAfterFormat, 'too many requests')
    }
    await next()
  }
}

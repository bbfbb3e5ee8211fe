import type { MiddlewareHandler } from 'hono'
import { rateLimited } from './errors'
import type { PassageEnv } from './hono-env'
import type { Passage } from './passage'

/** The client's address: the socket's peer, or 'in-process' without a socket. */
export function clientIp(env: PassageEnv['Bindings'] | undefined): string {
  return env?.incoming?.socket?.remoteAddress ?? 'in-process'
}

/** A fixed window of requests per client IP, counted in the store (so across instances). */
export function ipRateLimit(passage: Passage): MiddlewareHandler<PassageEnv> {
  return async (c, next) => {
    const limit = passage.ipRateLimit
    if (limit === false) return next()
    const now = passage.now()
    const window = await passage.store.hitIp(clientIp(c.env), now, limit.windowMs)
    if (window.count > limit.max) {
      const wait = window.windowStart + limit.windowMs - now
      return rateLimited(c, wait, now, passage.retryAfterFormat, 'too many requests')
    }
    await next()
  }
}

import {
  apiError,
  identifierFilter,
  ipRateLimit,
  type PassageEnv,
  passageRoutes,
} from '@passage-otp/server'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { routePath } from 'hono/route'
import { type ResolvedConfig, resolveConfig } from './config'
import { DROP_MARKER, faultMiddleware } from './faults'
import { devRoutes } from './routes/dev'
import { DevState } from './state'
import type { DevControls, DevServerOptions } from './types'

/** The dev server's routes without a socket: for in-process use (`fetch`) and for the server. */
export interface DevApp extends DevControls {
  /** The Hono app itself. */
  app: Hono<PassageEnv>
  /** Answers a request in-process; an injected drop rejects with a TypeError like fetch does. */
  fetch(request: Request): Promise<Response>
  /** Resolves once the signing key exists. */
  ready: Promise<void>
  /** Sets the origin used for the JWT `iss` (the server does this once it listens). */
  setPublicUrl(url: string): void
  /** Stops the sweep timer. */
  dispose(): void
}

const LOCAL_ORIGIN = /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/

export function createDevApp(options: DevServerOptions = {}): DevApp {
  return createDevAppWith(resolveConfig(options))
}

/** `createDevApp` for options already resolved (the server resolves them to know its port). */
export function createDevAppWith(resolved: ResolvedConfig): DevApp {
  const state = new DevState(resolved)
  const { config } = state
  const app = new Hono<PassageEnv>()

  app.use(
    '*',
    cors({
      origin: (origin) => (LOCAL_ORIGIN.test(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  )

  app.use('/v1/*', async (c, next) => {
    // The route the request matched, e.g. '/v1/apps/:appId/tokens' (also for '/tokens/'); a
    // request that matches none ends at a middleware ('/v1/*', '/v1/apps/:appId/*'): '/v1/*'.
    const route = routePath(c, -1).replace(/(.)\/$/, '$1')
    state.countRequest(`${c.req.method} ${route.endsWith('*') ? '/v1/*' : route}`)
    await next()
  })
  app.use('/v1/*', faultMiddleware({ faults: () => state.faults, random: config.random }))
  app.use('/v1/*', ipRateLimit(state.passage))
  app.route('/v1', passageRoutes(state.passage))
  app.route('/__dev', devRoutes(state))

  app.notFound((c) =>
    apiError(c, 404, 'not_found', `${c.req.method} ${c.req.path}: no such route.`),
  )
  app.onError((error, c) => {
    config.log(`[passage-otp] internal error: ${error.message}`)
    return apiError(c, 500, 'internal_server_error', 'internal error.')
  })

  const timer = setInterval(() => state.sweep(), config.sweepIntervalMs)
  timer.unref()

  return {
    app,
    appId: config.appId,
    appIds: [...config.appIds],
    ready: state.ready,
    async fetch(request) {
      const response = await app.fetch(request)
      if (response.headers.has(DROP_MARKER)) {
        throw new TypeError('fetch failed: connection dropped (injected fault)')
      }
      return response
    },
    outbox: {
      messages: (identifier) =>
        state.outbox.list({ identifier: identifier && identifierFilter(identifier) }),
      latest: (identifier) => state.outbox.list({ identifier: identifierFilter(identifier) })[0],
      clear: () => state.outbox.clear(),
    },
    users: {
      get: (identifier, appId = config.appId) => {
        const user = state.users.get(appId, identifierFilter(identifier))
        return user && { ...user }
      },
      set: (identifier, status, appId = config.appId) => {
        state.users.set(appId, identifier, status)
      },
    },
    setFaults: (faults) => state.setFaults(faults),
    clearFaults: () => state.setFaults({}),
    stats: () => state.stats(),
    sweep: () => state.sweep(),
    setPublicUrl: (url) => {
      config.publicUrl = url.replace(/\/+$/, '')
    },
    dispose: () => clearInterval(timer),
  }
}

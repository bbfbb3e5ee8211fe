import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { resolveConfig } from './config'
import { registerDevRoutes } from './dev-routes'
import { apiError, rateLimited } from './errors'
import { DROP_MARKER, faultMiddleware } from './faults'
import type { DevEnv } from './hono-env'
import { tryNormalizeIdentifier } from './identifier'
import { sendCode } from './send-code'
import { activateCode, jwks, refreshSession, revokeSession } from './session'
import { DevState } from './state'
import type { DevControls, DevServerOptions } from './types'

/** The dev server's routes without a socket: for in-process use (`fetch`) and for the server. */
export interface DevApp extends DevControls {
  /** The Hono app itself. */
  app: Hono<DevEnv>
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
const V1_ROUTES = new Set([
  '/v1/apps/:appId/login/otp',
  '/v1/apps/:appId/register/otp',
  '/v1/apps/:appId/otp/activate',
  '/v1/apps/:appId/tokens',
  '/v1/apps/:appId/.well-known/jwks.json',
])

export function createDevApp(options: DevServerOptions = {}): DevApp {
  const state = new DevState(resolveConfig(options))
  const { config } = state
  const app = new Hono<DevEnv>()

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
    const path = c.req.path.replace(/^\/v1\/apps\/[^/]+/, '/v1/apps/:appId').replace(/\/$/, '')
    state.countRequest(`${c.req.method} ${V1_ROUTES.has(path) ? path : '/v1/*'}`)
    await next()
  })
  app.use('/v1/*', faultMiddleware({ faults: () => state.faults, random: config.random }))
  app.use('/v1/*', async (c, next) => {
    const wait = state.ipLimiter?.hit(c.env?.incoming?.socket?.remoteAddress ?? 'in-process') ?? 0
    if (wait > 0) {
      return rateLimited(c, wait, config.now(), config.retryAfterFormat, 'too many requests')
    }
    await next()
  })
  app.use('/v1/apps/:appId/*', async (c, next) => {
    if (!config.appIds.includes(c.req.param('appId'))) {
      return apiError(c, 404, 'app_not_found', 'app: not found.')
    }
    await next()
  })

  app.post('/v1/apps/:appId/login/otp', (c) => sendCode(c, state, 'login'))
  app.post('/v1/apps/:appId/register/otp', (c) => sendCode(c, state, 'register'))
  app.post('/v1/apps/:appId/otp/activate', (c) => activateCode(c, state))
  // Passage answered the token routes with a trailing slash too; its clients sent both.
  for (const path of ['/v1/apps/:appId/tokens', '/v1/apps/:appId/tokens/']) {
    app.post(path, (c) => refreshSession(c, state))
    app.delete(path, (c) => revokeSession(c, state))
  }
  app.get('/v1/apps/:appId/.well-known/jwks.json', (c) => jwks(c, state))
  registerDevRoutes(app, state)

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
    ready: state.signer.ready,
    async fetch(request) {
      const response = await app.fetch(request)
      if (response.headers.has(DROP_MARKER)) {
        throw new TypeError('fetch failed: connection dropped (injected fault)')
      }
      return response
    },
    outbox: {
      messages: (identifier) =>
        state.outbox.list({ identifier: identifier && normalizeFilter(identifier) }),
      latest: (identifier) => state.outbox.list({ identifier: normalizeFilter(identifier) })[0],
      clear: () => state.outbox.clear(),
    },
    users: {
      get: (identifier, appId = config.appId) => {
        const user = state.users.get(appId, normalizeFilter(identifier))
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

function normalizeFilter(identifier: string): string {
  return tryNormalizeIdentifier(identifier) ?? identifier
}

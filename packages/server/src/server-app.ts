import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { routePath } from 'hono/route'
import type { Logger } from 'pino'
import { appRules, type ServerConfig } from './config'
import { configuredDelivery } from './delivery/index'
import { apiError } from './errors'
import type { PassageEnv } from './hono-env'
import { ipRateLimit } from './ip-rate-limit'
import { KeyRing } from './keys'
import type { Delivery, Passage } from './passage'
import { passageRoutes } from './routes/passage'
import { Hasher, KeyCipher } from './secrets'
import type { Store } from './store'
import { MemoryStore } from './stores/memory'
import { openPgliteStore } from './stores/pglite'
import { openPostgresStore } from './stores/postgres'

export interface ProductionApp {
  app: Hono<PassageEnv>
  passage: Passage
  store: Store
  logger: Logger
  /** Stops the sweep timer, the mail transport and the store. */
  close(): Promise<void>
}

export interface ProductionOptions {
  /** Default: the store the config names. */
  store?: Store
  /** Default: JSON lines on stdout; false: no logs. */
  logger?: Logger | false
  /** Default: the config's SMTP and SMS webhook. */
  delivery?: Delivery
  now?: () => number
}

/** Opens the store the configuration names, migrations applied. */
export function openConfiguredStore(config: ServerConfig): Promise<Store> {
  const { store } = config
  if (store.kind === 'pglite') return openPgliteStore(store.dataDir)
  if (store.kind === 'postgres') return openPostgresStore(config.secrets.databaseUrl as string)
  return Promise.resolve(new MemoryStore())
}

/** The signing keys of a store, sealed with the key from the environment. */
export function keyRingFor(config: ServerConfig, store: Store, now: () => number): KeyRing {
  const longest = new Map(config.apps.map((app) => [app.id, app.authTokenTtlSeconds * 1000]))
  return new KeyRing({
    store,
    cipher: new KeyCipher(config.secrets.keyEncryptionKey),
    now,
    retiredKeyTtlMs: (appId) => longest.get(appId) ?? 0,
  })
}

/** The production server's routes: Passage's API, CORS per app, health, readiness, JSON logs. */
export async function createProductionApp(
  config: ServerConfig,
  options: ProductionOptions = {},
): Promise<ProductionApp> {
  // pino is loaded here only: the dev server never pays for it.
  const { default: pino } = await import('pino')
  const logger =
    options.logger === false
      ? pino({ enabled: false })
      : (options.logger ?? pino({ name: 'passage-otp-server' }))
  const now = options.now ?? Date.now
  const store = options.store ?? (await openConfiguredStore(config))
  const mail = options.delivery ? undefined : configuredDelivery(config)
  const passage: Passage = {
    store,
    apps: new Map(config.apps.map((app) => [app.id, appRules(app)])),
    hasher: new Hasher(config.secrets.hashSecret),
    keys: keyRingFor(config, store, now),
    delivery: options.delivery ?? (mail as Delivery),
    now,
    ipRateLimit: config.ipRateLimit && {
      max: config.ipRateLimit.max,
      windowMs: config.ipRateLimit.windowSeconds * 1000,
    },
    retryAfterFormat: config.retryAfterFormat,
    trustProxy: config.trustProxy,
    publicUrl: () => config.publicUrl?.replace(/\/+$/, ''),
    onDeliveryError: (error, message) =>
      logger.warn(
        {
          appId: message.appId,
          otpId: message.otpId,
          channel: message.channel,
          err: errorText(error),
        },
        'delivery failed',
      ),
  }
  for (const app of config.apps) await passage.keys.check(app.id)

  const origins = new Map(config.apps.map((app) => [app.id, new Set(app.allowedOrigins)]))
  const app = new Hono<PassageEnv>()

  app.use('*', async (c, next) => {
    const started = performance.now()
    await next()
    const route = routePath(c, -1)
    // The path and route only: query strings (sign-out carries the refresh token) never.
    logger.info(
      {
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    )
  })
  app.use(
    '/v1/*',
    cors({
      origin: (origin, c) => {
        const appId = /^\/v1\/apps\/([^/]+)\//.exec(c.req.path)?.[1]
        const allowed = appId === undefined ? undefined : origins.get(appId)
        return allowed?.has(origin) || allowed?.has('*') ? origin : null
      },
      allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  )
  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    try {
      await store.ping()
      return c.json({ status: 'ready' })
    } catch (error) {
      logger.error({ err: errorText(error) }, 'store not ready')
      return apiError(c, 503, 'not_ready', 'store: unreachable.')
    }
  })
  app.use('/v1/*', ipRateLimit(passage))
  app.route('/v1', passageRoutes(passage))
  app.notFound((c) =>
    apiError(c, 404, 'not_found', `${c.req.method} ${c.req.path}: no such route.`),
  )
  app.onError((error, c) => {
    logger.error({ err: errorText(error) }, 'internal error')
    return apiError(c, 500, 'internal_server_error', 'internal error.')
  })

  const windowMs = passage.ipRateLimit ? passage.ipRateLimit.windowMs : 0
  const sweep = setInterval(() => {
    store
      .sweep(now(), windowMs)
      .catch((error) => logger.warn({ err: errorText(error) }, 'sweep failed'))
  }, 60_000)
  sweep.unref()

  return {
    app,
    passage,
    store,
    logger,
    async close() {
      clearInterval(sweep)
      mail?.close()
      await store.close()
    },
  }
}

/** An error's message only: error objects can carry request data. */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

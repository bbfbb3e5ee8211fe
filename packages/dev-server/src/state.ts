import { randomBytes } from 'node:crypto'
import {
  type AppRules,
  type GeneratedKey,
  generateSigningKey,
  Hasher,
  KeyCipher,
  KeyRing,
  MemoryStore,
  type Passage,
} from '@passage-otp/server'
import type { ResolvedConfig } from './config'
import { outboxDelivery } from './delivery'
import { normalizeFaults } from './faults'
import { Outbox } from './outbox'
import type { DevStats, Faults } from './types'
import { DevUsers } from './users'

/**
 * Generating an RSA key takes 50-300 ms, so each app id gets one first key per process, shared by
 * every dev server in the process that serves it. Apps never share a key: a token of one app
 * fails verification with the JWKS of another.
 */
const firstKeys = new Map<string, Promise<GeneratedKey>>()

function firstKeyOf(appId: string): Promise<GeneratedKey> {
  let key = firstKeys.get(appId)
  if (key === undefined) {
    key = generateSigningKey()
    firstKeys.set(appId, key)
  }
  return key
}

/** The development preset: the shared rules on a memory store, codes to the outbox and log. */
export class DevState {
  readonly config: ResolvedConfig
  readonly store = new MemoryStore()
  readonly users: DevUsers
  readonly outbox = new Outbox()
  readonly passage: Passage
  /** Resolves once every app has its signing key. */
  readonly ready: Promise<void>
  faults: Faults
  requests = 0
  readonly requestsByRoute: Record<string, number> = {}

  constructor(config: ResolvedConfig) {
    this.config = config
    this.users = new DevUsers(this.store, config.appIds)
    for (const appId of config.appIds) {
      for (const seed of config.users)
        this.users.set(appId, seed.identifier, seed.status ?? 'active')
    }
    const rules: AppRules = {
      codeTtlMs: config.codeTtlMs,
      maxAttempts: config.maxAttempts,
      resendCooldownMs: config.resendCooldownMs,
      authTokenTtlSeconds: config.authTokenTtlSeconds,
      refreshTokenTtlMs: config.refreshTokenTtlMs,
      redirectUrl: config.redirectUrl,
    }
    const generated = new Set<string>()
    const keys = new KeyRing({
      store: this.store,
      cipher: new KeyCipher(randomBytes(32)),
      now: config.now,
      retiredKeyTtlMs: () => config.authTokenTtlSeconds * 1000,
      generate: (appId) => {
        if (generated.has(appId)) return generateSigningKey()
        generated.add(appId)
        return firstKeyOf(appId)
      },
    })
    this.passage = {
      store: this.store,
      apps: new Map(config.appIds.map((appId) => [appId, rules])),
      hasher: new Hasher(randomBytes(32)),
      keys,
      delivery: outboxDelivery(this.outbox, config),
      now: config.now,
      ipRateLimit: config.ipRateLimit,
      retryAfterFormat: config.retryAfterFormat,
      trustProxy: false,
      publicUrl: () => config.publicUrl,
      onDeliveryError: () => undefined,
    }
    this.ready = Promise.all(config.appIds.map((appId) => keys.ensure(appId))).then(() => undefined)
    this.ready.catch(() => undefined)
    this.faults = config.faults
  }

  setFaults(faults: Faults): void {
    this.faults = normalizeFaults(faults)
  }

  countRequest(route: string): void {
    this.requests += 1
    this.requestsByRoute[route] = (this.requestsByRoute[route] ?? 0) + 1
  }

  sweep(): void {
    const { ipRateLimit } = this.config
    this.store.sweepNow(this.config.now(), ipRateLimit ? ipRateLimit.windowMs : 0)
  }

  stats(): DevStats {
    const counts = this.store.countsNow()
    return {
      requests: this.requests,
      requestsByRoute: { ...this.requestsByRoute },
      codes: counts.codes,
      refreshTokens: counts.refreshTokens,
      users: counts.users,
      cooldowns: counts.cooldowns,
      rateLimitBuckets: counts.rateLimitBuckets,
      outbox: this.outbox.size,
    }
  }
}

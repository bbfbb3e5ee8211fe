import { DEFAULTS } from './defaults'
import { normalizeFaults } from './faults'
import type { DevServerOptions, Faults, SeedUser } from './types'

export interface ResolvedConfig {
  port: number
  host: string
  appId: string
  appIds: string[]
  codeTtlMs: number
  maxAttempts: number
  resendCooldownMs: number
  ipRateLimit: { max: number; windowMs: number } | false
  retryAfterFormat: 'seconds' | 'http-date'
  authTokenTtlSeconds: number
  refreshTokenTtlMs: number
  redirectUrl: string
  users: SeedUser[]
  faults: Faults
  log: (line: string) => void
  now: () => number
  random: () => number
  publicUrl: string | undefined
  sweepIntervalMs: number
}

const APP_ID = /^[A-Za-z0-9_-]{1,64}$/

/** Applies defaults and validates options; throws a TypeError naming the bad option. */
export function resolveConfig(options: DevServerOptions = {}): ResolvedConfig {
  const extra = options.appIds ?? []
  const appId = options.appId ?? extra[0] ?? DEFAULTS.appId
  const appIds = [...new Set([appId, ...extra])]
  for (const id of appIds) {
    if (typeof id !== 'string' || !APP_ID.test(id)) {
      throw new TypeError(`appId: ${JSON.stringify(id)} must be 1-64 letters, digits, _ or -`)
    }
  }
  const logger = options.logger ?? ((line: string) => console.log(line))
  return {
    port: integer('port', options.port, DEFAULTS.port, 0, 65535),
    host: options.host ?? DEFAULTS.host,
    appId,
    appIds,
    codeTtlMs: seconds('codeTtlSeconds', options.codeTtlSeconds, DEFAULTS.codeTtlSeconds, 1),
    maxAttempts: integer('maxAttempts', options.maxAttempts, DEFAULTS.maxAttempts, 1),
    resendCooldownMs: seconds(
      'resendCooldownSeconds',
      options.resendCooldownSeconds,
      DEFAULTS.resendCooldownSeconds,
      0,
    ),
    ipRateLimit: resolveIpRateLimit(options.ipRateLimit),
    retryAfterFormat: resolveRetryAfterFormat(options.retryAfterFormat),
    authTokenTtlSeconds: integer(
      'authTokenTtlSeconds',
      options.authTokenTtlSeconds,
      DEFAULTS.authTokenTtlSeconds,
      1,
    ),
    refreshTokenTtlMs: seconds(
      'refreshTokenTtlSeconds',
      options.refreshTokenTtlSeconds,
      DEFAULTS.refreshTokenTtlSeconds,
      1,
    ),
    redirectUrl: options.redirectUrl ?? DEFAULTS.redirectUrl,
    users: options.users ?? [],
    faults: normalizeFaults(options.faults ?? {}),
    log: logger === false ? () => undefined : logger,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    sweepIntervalMs: integer(
      'sweepIntervalMs',
      options.sweepIntervalMs,
      DEFAULTS.sweepIntervalMs,
      1,
    ),
  }
}

function resolveIpRateLimit(value: DevServerOptions['ipRateLimit']): ResolvedConfig['ipRateLimit'] {
  // Stryker disable next-line ConditionalExpression: without it, false reads as max 0, which is off too
  if (value === false) return false
  const limit = value ?? DEFAULTS.ipRateLimit
  const max = integer('ipRateLimit.max', limit.max, 0, 0)
  if (max === 0) return false
  const windowMs = seconds(
    'ipRateLimit.windowSeconds',
    limit.windowSeconds,
    DEFAULTS.ipRateLimit.windowSeconds,
    1,
  )
  return { max, windowMs }
}

function resolveRetryAfterFormat(value: unknown): 'seconds' | 'http-date' {
  if (value === undefined) return DEFAULTS.retryAfterFormat
  if (value === 'seconds' || value === 'http-date') return value
  throw new TypeError("retryAfterFormat: must be 'seconds' or 'http-date'")
}

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`
    throw new TypeError(`${name}: must be an integer ${range}`)
  }
  return value
}

function seconds(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback * 1000
  if (!Number.isFinite(value) || value < min) {
    throw new TypeError(`${name}: must be a number of seconds >= ${min}`)
  }
  return Math.round(value * 1000)
}

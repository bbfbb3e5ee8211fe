/** Every option's default: the library, the CLI's flags and its help read them from here. */
export const DEFAULTS = {
  port: 0,
  cliPort: 8787,
  host: '127.0.0.1',
  appId: 'demo',
  codeTtlSeconds: 300,
  maxAttempts: 5,
  resendCooldownSeconds: 30,
  ipRateLimit: { max: 120, windowSeconds: 60 },
  retryAfterFormat: 'seconds',
  authTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  redirectUrl: '/',
  sweepIntervalMs: 10_000,
  /** What each fault is when not set: rates 0 (off), a 503 error, a 1 s `Retry-After`. */
  faults: {
    latencyMs: 0,
    errorRate: 0,
    errorStatus: 503,
    malformedJsonRate: 0,
    dropRate: 0,
    rateLimitRate: 0,
    retryAfterSeconds: 1,
  },
} as const

import { describe, expect, it } from 'vitest'
import { resolveConfig } from '../src/config'
import { normalizeFaults } from '../src/faults'
import type { DevServerOptions } from '../src/types'

// The ranges are the README's (options and faults tables); every refusal is a TypeError that
// names the option and its rule.

describe('resolveConfig', () => {
  it.each<[DevServerOptions, string]>([
    [{ appId: 'a b' }, 'appId: "a b" must be 1-64 letters, digits, _ or -'],
    [
      { appIds: ['demo', 'x'.repeat(65)] },
      `appId: "${'x'.repeat(65)}" must be 1-64 letters, digits, _ or -`,
    ],
    [{ appIds: [42 as unknown as string] }, 'appId: 42 must be 1-64 letters, digits, _ or -'],
    [{ port: -1 }, 'port: must be an integer from 0 to 65535'],
    [{ port: 65536 }, 'port: must be an integer from 0 to 65535'],
    [{ port: 80.5 }, 'port: must be an integer from 0 to 65535'],
    [{ maxAttempts: 0 }, 'maxAttempts: must be an integer >= 1'],
    [{ authTokenTtlSeconds: 0 }, 'authTokenTtlSeconds: must be an integer >= 1'],
    [{ sweepIntervalMs: 0 }, 'sweepIntervalMs: must be an integer >= 1'],
    [{ codeTtlSeconds: 0 }, 'codeTtlSeconds: must be a number of seconds >= 1'],
    [{ codeTtlSeconds: Number.NaN }, 'codeTtlSeconds: must be a number of seconds >= 1'],
    [
      { codeTtlSeconds: Number.POSITIVE_INFINITY },
      'codeTtlSeconds: must be a number of seconds >= 1',
    ],
    [{ refreshTokenTtlSeconds: 0.5 }, 'refreshTokenTtlSeconds: must be a number of seconds >= 1'],
    [{ resendCooldownSeconds: -1 }, 'resendCooldownSeconds: must be a number of seconds >= 0'],
    [{ ipRateLimit: { max: -1, windowSeconds: 60 } }, 'ipRateLimit.max: must be an integer >= 0'],
    [
      { ipRateLimit: { max: 1, windowSeconds: 0 } },
      'ipRateLimit.windowSeconds: must be a number of seconds >= 1',
    ],
    [
      { retryAfterFormat: 'minutes' as 'seconds' },
      "retryAfterFormat: must be 'seconds' or 'http-date'",
    ],
    [{ faults: { dropRate: 2 } }, 'faults.dropRate: must be a number from 0 to 1'],
  ])('%j is refused: %s', (options, message) => {
    expect(() => resolveConfig(options)).toThrow(new TypeError(message))
  })

  it('defaults to the values the README lists', () => {
    const config = resolveConfig({ logger: false })
    expect(config).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      appId: 'demo',
      appIds: ['demo'],
      codeTtlMs: 300_000,
      maxAttempts: 5,
      resendCooldownMs: 30_000,
      ipRateLimit: { max: 120, windowMs: 60_000 },
      retryAfterFormat: 'seconds',
      authTokenTtlSeconds: 3600,
      refreshTokenTtlMs: 2_592_000_000,
      redirectUrl: '/',
      users: [],
      faults: {},
      publicUrl: undefined,
      sweepIntervalMs: 10_000,
    })
  })

  it.each<[DevServerOptions, Partial<ReturnType<typeof resolveConfig>>]>([
    [{ port: 65535 }, { port: 65535 }],
    [{ resendCooldownSeconds: 0 }, { resendCooldownMs: 0 }],
    [{ codeTtlSeconds: 1.5 }, { codeTtlMs: 1500 }],
    [{ ipRateLimit: false }, { ipRateLimit: false }],
    [{ ipRateLimit: { max: 0, windowSeconds: 60 } }, { ipRateLimit: false }],
    [{ ipRateLimit: { max: 3, windowSeconds: 2 } }, { ipRateLimit: { max: 3, windowMs: 2000 } }],
    [{ retryAfterFormat: 'seconds' }, { retryAfterFormat: 'seconds' }],
    [{ retryAfterFormat: 'http-date' }, { retryAfterFormat: 'http-date' }],
    [{ publicUrl: 'https://auth.example.com//' }, { publicUrl: 'https://auth.example.com' }],
  ])('accepts %j', (options, expected) => {
    expect(resolveConfig({ logger: false, ...options })).toMatchObject(expected)
  })
})

describe('normalizeFaults', () => {
  it.each<[unknown, string]>([
    [null, 'faults: must be an object'],
    [[], 'faults: must be an object'],
    ['slow', 'faults: must be an object'],
    [{ slowness: 1 }, 'faults: unknown field "slowness"'],
    [{ errorRate: -0.1 }, 'faults.errorRate: must be a number from 0 to 1'],
    [{ rateLimitRate: 1.1 }, 'faults.rateLimitRate: must be a number from 0 to 1'],
    [{ malformedJsonRate: '0.5' }, 'faults.malformedJsonRate: must be a number from 0 to 1'],
    [{ latencyMs: -1 }, 'faults.latencyMs: must be a number from 0 to 600000'],
    [{ latencyMs: 600_001 }, 'faults.latencyMs: must be a number from 0 to 600000'],
    [{ latencyMs: '5' }, 'faults.latencyMs: must be a number from 0 to 600000'],
    [{ errorStatus: 404 }, 'faults.errorStatus: must be 500, 502 or 503'],
    [{ retryAfterSeconds: -1 }, 'faults.retryAfterSeconds: must be an integer >= 0'],
    [{ retryAfterSeconds: 1.5 }, 'faults.retryAfterSeconds: must be an integer >= 0'],
    [{ retryAfterSeconds: '1' }, 'faults.retryAfterSeconds: must be an integer >= 0'],
  ])('%j is refused: %s', (faults, message) => {
    expect(() => normalizeFaults(faults)).toThrow(new TypeError(message))
  })

  it.each<[object, object]>([
    [{}, {}],
    // A zero rate or latency is the same as none: it is left out.
    [{ errorRate: 0, dropRate: 0, latencyMs: 0 }, {}],
    [
      { errorRate: 1, dropRate: 0.25 },
      { errorRate: 1, dropRate: 0.25 },
    ],
    [{ latencyMs: 600_000 }, { latencyMs: 600_000 }],
    [{ errorStatus: 500 }, { errorStatus: 500 }],
    [{ retryAfterSeconds: 0 }, { retryAfterSeconds: 0 }],
  ])('accepts %j as %j', (faults, expected) => {
    expect(normalizeFaults(faults)).toStrictEqual(expected)
  })
})

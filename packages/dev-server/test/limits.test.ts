import { describe, expect, it } from 'vitest'
import { ADA, json, start, wrongCode } from './helpers'

describe('per-identifier resend cooldown', () => {
  it('answers 429 rate_limited with Retry-After in whole seconds, rounded up', async () => {
    const h = await start()
    await h.send(ADA)
    h.clock.advance(10.2)
    const response = await h.api('/apps/demo/login/otp', { identifier: 'Ada@example.com' })
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('20')
    const body = await json(response)
    expect(body.code).toBe('rate_limited')
    expect(typeof body.error).toBe('string')
    h.clock.advance(19.7)
    const still = await h.api('/apps/demo/login/otp', { identifier: ADA })
    expect(still.headers.get('retry-after')).toBe('1')
    h.clock.advance(0.1)
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(200)
  })

  it('does not change or invalidate the code already sent', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(429)
    expect(h.server.outbox.messages(ADA)).toHaveLength(1)
    expect((await h.activate(otpId, code)).status).toBe(200)
  })

  it('ends once a code for the identifier is activated: sign in, then log in again at once', async () => {
    const h = await start()
    await h.signIn(ADA)
    h.clock.advance(1)
    const again = await h.api('/apps/demo/login/otp', { identifier: ADA })
    expect(again.status).toBe(200)
    // The new code is unused, so the cooldown holds the next send back again.
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(429)
  })

  it('ends once a register code is activated, so the new user can log in at once', async () => {
    const h = await start()
    const { otpId, code } = await h.send('new@example.com', 'register')
    expect((await h.activate(otpId, code)).status).toBe(200)
    expect((await h.api('/apps/demo/login/otp', { identifier: 'new@example.com' })).status).toBe(
      200,
    )
  })

  it('holds on after a wrong code: only an activation ends it', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    expect((await h.activate(otpId, wrongCode(code))).status).toBe(400)
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(429)
  })

  it('covers register and login alike, per identifier', async () => {
    const h = await start({ users: [{ identifier: ADA }, { identifier: 'bob@example.com' }] })
    await h.send('new@example.com', 'register')
    const again = await h.api('/apps/demo/register/otp', { identifier: 'new@example.com' })
    expect(again.status).toBe(429)
    await h.send(ADA)
    expect((await h.api('/apps/demo/login/otp', { identifier: 'bob@example.com' })).status).toBe(
      200,
    )
  })

  it('sends Retry-After as an HTTP date with retryAfterFormat http-date', async () => {
    const h = await start({ retryAfterFormat: 'http-date', resendCooldownSeconds: 45 })
    await h.send(ADA)
    h.clock.advance(5.5)
    const response = await h.api('/apps/demo/login/otp', { identifier: ADA })
    expect(response.status).toBe(429)
    const header = response.headers.get('retry-after') ?? ''
    expect(header).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/)
    const retryAt = Date.parse(header)
    const allowedAt = h.clock.ms + 39.5 * 1000
    expect(retryAt).toBeGreaterThanOrEqual(allowedAt)
    expect(retryAt - allowedAt).toBeLessThan(1000)
  })

  it('is off with resendCooldownSeconds: 0', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    for (let i = 0; i < 3; i++) await h.send(ADA)
    expect(h.server.outbox.messages(ADA)).toHaveLength(3)
  })
})

describe('per-IP rate limit', () => {
  it('answers 429 after max requests in the window and resets with the window', async () => {
    const h = await start({ ipRateLimit: { max: 3, windowSeconds: 10 } })
    for (let i = 0; i < 3; i++) {
      expect((await h.api('/apps/demo/.well-known/jwks.json')).status).toBe(200)
    }
    h.clock.advance(4)
    const limited = await h.api('/apps/demo/login/otp', { identifier: ADA })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('6')
    expect((await json(limited)).code).toBe('rate_limited')
    expect(h.server.outbox.messages()).toHaveLength(0)
    const dev = await fetch(`${h.server.url}/__dev/outbox`)
    expect(dev.status).toBe(200)
    h.clock.advance(6)
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(200)
  })

  it('allows 120 requests per minute by default', async () => {
    const h = await start()
    const statuses: number[] = []
    for (let i = 0; i < 121; i++) {
      statuses.push((await h.api('/apps/demo/.well-known/jwks.json')).status)
    }
    expect(statuses.slice(0, 120).every((status) => status === 200)).toBe(true)
    expect(statuses[120]).toBe(429)
  })

  it('can be turned off with false or max 0', async () => {
    for (const ipRateLimit of [false, { max: 0, windowSeconds: 1 }] as const) {
      const h = await start({ ipRateLimit })
      for (let i = 0; i < 130; i++) {
        expect((await h.api('/apps/demo/.well-known/jwks.json')).status).toBe(200)
      }
    }
  })

  it('still applies right after a sign-in that ended the cooldown', async () => {
    const h = await start({ ipRateLimit: { max: 4, windowSeconds: 60 } })
    await h.signIn(ADA)
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(200)
    expect((await h.api('/apps/demo/.well-known/jwks.json')).status).toBe(200)
    const limited = await h.api('/apps/demo/login/otp', { identifier: ADA })
    expect(limited.status).toBe(429)
    expect((await json(limited)).error).toMatch(/^too many requests/)
  })

  it('uses the http-date format too', async () => {
    const h = await start({
      ipRateLimit: { max: 1, windowSeconds: 30 },
      retryAfterFormat: 'http-date',
    })
    await h.api('/apps/demo/.well-known/jwks.json')
    const limited = await h.api('/apps/demo/.well-known/jwks.json')
    expect(limited.status).toBe(429)
    expect(Date.parse(limited.headers.get('retry-after') ?? '')).toBeGreaterThanOrEqual(
      h.clock.ms + 30_000 - 999,
    )
  })
})

describe('sweeping', () => {
  it('returns memory to baseline once codes, cooldowns, windows and tokens expire', async () => {
    const h = await start({
      ipRateLimit: { max: 1000, windowSeconds: 60 },
      refreshTokenTtlSeconds: 600,
    })
    const baseline = h.server.stats()
    await h.signIn(ADA)
    h.clock.advance(31)
    for (let i = 0; i < 5; i++) await h.send(`new${i}@example.com`, 'register')
    // Ada's cooldown ended with her sign-in; the five unused codes hold theirs.
    const busy = h.server.stats()
    expect(busy).toMatchObject({ codes: 5, refreshTokens: 1, cooldowns: 5, rateLimitBuckets: 1 })
    h.clock.advance(301)
    h.server.sweep()
    expect(h.server.stats()).toMatchObject({ codes: 0, refreshTokens: 1, cooldowns: 0 })
    h.clock.advance(600)
    h.server.sweep()
    const after = h.server.stats()
    expect(after).toMatchObject({
      codes: baseline.codes,
      refreshTokens: baseline.refreshTokens,
      cooldowns: baseline.cooldowns,
      rateLimitBuckets: 0,
      users: 1,
    })
  })

  it('runs on an unref’d timer', async () => {
    const h = await start({ sweepIntervalMs: 20, resendCooldownSeconds: 0 })
    await h.send(ADA)
    expect(h.server.stats().codes).toBe(1)
    h.clock.advance(300)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(h.server.stats().codes).toBe(0)
  })
})

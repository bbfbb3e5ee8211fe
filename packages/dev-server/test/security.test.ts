import { generateKeyPairSync } from 'node:crypto'
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JSONWebKeySet,
  jwtVerify,
  SignJWT,
} from 'jose'
import { describe, expect, it } from 'vitest'
import { ADA, json, start, wrongCode } from './helpers'

// Security rules of the dev server, each proven over HTTP. Rules already covered elsewhere:
// single use, expiry, the attempt limit, superseding, the cooldown and the per-IP limit
// (otp-flow.test.ts, limits.test.ts), refresh rotation, revocation and JWKS verification with a
// remote key set (session.test.ts), codes and tokens kept out of the log (logger.test.ts).

describe('codes', () => {
  // The generator's statistics are tested where it lives (packages/server, test/codes.test.ts,
  // 20 000 draws); over HTTP, each code reaches the outbox as drawn: six digits, zero-padded.
  const COUNT = 100

  it(`are six zero-padded digits, one per otp_id, as sent (${COUNT} codes over HTTP)`, async () => {
    const h = await start({ ipRateLimit: false, resendCooldownSeconds: 0, logger: false })
    const codes: string[] = []
    const otpIds = new Set<string>()
    const sendOne = async (i: number) => {
      const identifier = `user${i}@example.com`
      const response = await h.api('/apps/demo/register/otp', { identifier })
      expect(response.status).toBe(201)
      otpIds.add(((await response.json()) as { otp_id: string }).otp_id)
      codes.push(h.server.outbox.latest(identifier)?.code ?? '')
    }
    for (let batch = 0; batch < COUNT; batch += 25) {
      await Promise.all(Array.from({ length: 25 }, (_, i) => sendOne(batch + i)))
    }
    for (const code of codes) expect(code).toMatch(/^\d{6}$/)
    expect(otpIds.size).toBe(COUNT)
    // A tenth start with 0, kept as a digit (none of 100 would have a chance of about 3e-5).
    expect(codes.some((code) => code.startsWith('0'))).toBe(true)
    // 100 draws from a million repeat with a chance of about 0.5 %; a weak source repeats often.
    expect(new Set(codes).size).toBeGreaterThanOrEqual(COUNT - 2)
  })
})

describe('code expiry to the millisecond (now option)', () => {
  it('a code works 1 ms before codeTtlSeconds and not at it', async () => {
    const h = await start({ codeTtlSeconds: 60, resendCooldownSeconds: 0 })
    const early = await h.send(ADA)
    h.clock.ms += 59_999
    expect((await h.activate(early.otpId, early.code)).status).toBe(200)
    const late = await h.send(ADA)
    h.clock.ms += 60_000
    const response = await h.activate(late.otpId, late.code)
    expect(response.status).toBe(400)
    expect(await json(response)).toEqual({
      code: 'invalid_request',
      error: 'otp or otpId invalid.',
    })
    // An expired code is gone for good, even if the clock went back.
    h.clock.ms -= 60_000
    expect((await h.activate(late.otpId, late.code)).status).toBe(400)
  })
})

describe('attempt limit', () => {
  it('counts near-misses (spaces, extra digits) as wrong tries and never unlocks', async () => {
    const h = await start({ maxAttempts: 3 })
    const { otpId, code } = await h.send(ADA)
    for (const attempt of [` ${code}`, `${code}0`]) {
      expect((await h.activate(otpId, attempt)).status).toBe(400)
    }
    expect((await h.activate(otpId, wrongCode(code))).status).toBe(401)
    h.clock.advance(60)
    expect((await h.activate(otpId, code)).status).toBe(401)
  })

  it('a superseded code stays dead after the new one is used', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    const old = await h.send(ADA)
    const fresh = await h.send(ADA)
    expect((await h.activate(fresh.otpId, fresh.code)).status).toBe(200)
    expect((await h.activate(old.otpId, old.code)).status).toBe(400)
    expect((await h.activate(fresh.otpId, fresh.code)).status).toBe(400)
  })
})

describe('rate limits cannot be dodged', () => {
  it('the cooldown applies to every spelling of one identifier', async () => {
    const h = await start({ users: [{ identifier: ADA }, { identifier: '+14155552671' }] })
    await h.send(ADA)
    for (const identifier of ['ADA@EXAMPLE.COM', '  ada@example.com\t', 'Ada@Example.Com ']) {
      expect((await h.api('/apps/demo/login/otp', { identifier })).status).toBe(429)
    }
    await h.send('+14155552671')
    for (const identifier of ['+1 (415) 555-2671', '+1-415-555-2671', ' +14155552671 ']) {
      expect((await h.api('/apps/demo/login/otp', { identifier })).status).toBe(429)
    }
    expect(h.server.outbox.messages()).toHaveLength(2)
  })

  it('the per-IP limit ignores forwarding headers and counts unknown apps and bad bodies', async () => {
    const h = await start({ ipRateLimit: { max: 4, windowSeconds: 60 } })
    const spoofed = (i: number) => ({
      'content-type': 'application/json',
      'x-forwarded-for': `203.0.113.${i}`,
      'x-real-ip': `198.51.100.${i}`,
      forwarded: `for=192.0.2.${i}`,
    })
    const statuses: number[] = []
    const hit = async (path: string, body: string, i: number) => {
      const response = await fetch(`${h.server.baseURL}${path}`, {
        method: 'POST',
        headers: spoofed(i),
        body,
      })
      statuses.push(response.status)
      await response.arrayBuffer()
    }
    await hit('/apps/nope/login/otp', '{}', 1)
    await hit('/apps/demo/login/otp', 'not json', 2)
    await hit('/apps/demo/otp/activate', '{}', 3)
    await hit('/apps/demo/login/otp', JSON.stringify({ identifier: ADA }), 4)
    await hit('/apps/demo/login/otp', JSON.stringify({ identifier: ADA }), 5)
    expect(statuses).toEqual([404, 400, 400, 200, 429])
  })
})

describe('refresh tokens', () => {
  it('are 256 random bits, unique, and never the auth token', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    const tokens = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const { refresh_token, auth_token } = await h.signIn(ADA)
      expect(refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(refresh_token).not.toBe(auth_token)
      tokens.add(refresh_token)
    }
    expect(tokens.size).toBe(20)
  })

  it('a rotated-away token stays revoked, and revoking the new one ends the session', async () => {
    const h = await start()
    const first = await h.signIn(ADA)
    const rotated = await h.api('/apps/demo/tokens', { refresh_token: first.refresh_token })
    const { auth_result } = await json<{ auth_result: { refresh_token: string } }>(rotated)
    for (let i = 0; i < 2; i++) {
      expect(
        (await h.api('/apps/demo/tokens', { refresh_token: first.refresh_token })).status,
      ).toBe(401)
    }
    const revoke = await fetch(
      `${h.server.baseURL}/apps/demo/tokens?refresh_token=${encodeURIComponent(auth_result.refresh_token)}`,
      { method: 'DELETE' },
    )
    expect(revoke.status).toBe(200)
    expect((await h.api('/apps/demo/tokens', auth_result)).status).toBe(401)
    expect(h.server.stats().refreshTokens).toBe(0)
  })
})

describe('auth tokens and the published JWKS', () => {
  async function setup() {
    const h = await start({ appIds: ['demo', 'other'] })
    const { auth_token } = await h.signIn(ADA)
    const response = await h.api('/apps/demo/.well-known/jwks.json')
    const keys = createLocalJWKSet((await response.json()) as JSONWebKeySet)
    const expected = {
      issuer: `${h.server.url}/v1/apps/demo`,
      audience: 'demo',
      algorithms: ['RS256'],
      currentDate: new Date(h.clock.ms),
    }
    return { h, token: auth_token, keys, expected }
  }

  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

  it('verify with a local key set built from the JWKS served over HTTP', async () => {
    const { h, token, keys, expected } = await setup()
    const { payload, protectedHeader } = await jwtVerify(token, keys, expected)
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' })
    expect(payload.sub).toBe(h.server.users.get(ADA)?.id)
    expect(payload.jti).toEqual(expect.any(String))
  })

  it('are rejected when the payload, header or signature is tampered with', async () => {
    const { token, keys, expected } = await setup()
    const [header = '', payload = '', signature = ''] = token.split('.')
    const claims = decodeJwt(token)
    const forgeries = [
      `${header}.${b64({ ...claims, sub: 'someone-else' })}.${signature}`,
      `${header}.${b64({ ...claims, exp: (claims.exp ?? 0) + 86_400 })}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`,
      `${header}.${payload}.`,
      `${b64({ ...decodeProtectedHeader(token), kid: 'another-key' })}.${payload}.${signature}`,
    ]
    for (const forged of forgeries) {
      await expect(jwtVerify(forged, keys, expected)).rejects.toThrow()
    }
    await expect(jwtVerify(token, keys, expected)).resolves.toBeDefined()
  })

  it('reject alg none, HS256 keyed with the public key, and a stranger’s key', async () => {
    const { token, keys, expected } = await setup()
    const claims = decodeJwt(token)
    const { kid } = decodeProtectedHeader(token)
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`
    await expect(jwtVerify(unsigned, keys, expected)).rejects.toThrow()
    const jwk = (await (await fetch(`${expected.issuer}/.well-known/jwks.json`)).json()) as {
      keys: { n: string }[]
    }
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid })
      .sign(new TextEncoder().encode(jwk.keys[0]?.n ?? ''))
    await expect(jwtVerify(hmac, keys, expected)).rejects.toThrow()
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const foreign = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .sign(stranger.privateKey)
    await expect(jwtVerify(foreign, keys, expected)).rejects.toThrow()
  })

  it('are bound to their app and lifetime', async () => {
    const { h, token, keys, expected } = await setup()
    await expect(jwtVerify(token, keys, { ...expected, audience: 'other' })).rejects.toThrow()
    await expect(
      jwtVerify(token, keys, { ...expected, issuer: `${h.server.url}/v1/apps/other` }),
    ).rejects.toThrow()
    const later = new Date(h.clock.ms + 3601 * 1000)
    await expect(jwtVerify(token, keys, { ...expected, currentDate: later })).rejects.toThrow(/exp/)
  })

  it('of one app fail verification with the JWKS of another app in the same process', async () => {
    const { h, keys, expected } = await setup()
    const other = await (await h.api('/apps/other/.well-known/jwks.json')).json()
    const otherKeys = createLocalJWKSet(other as JSONWebKeySet)
    const otp = await h.api('/apps/other/login/otp', { identifier: ADA })
    const { otp_id } = await json<{ otp_id: string }>(otp)
    const code = h.server.outbox.messages(ADA).find((m) => m.otpId === otp_id)?.code ?? ''
    const activated = await h.api('/apps/other/otp/activate', { otp: code, otp_id })
    const { auth_result } = await json<{ auth_result: { auth_token: string } }>(activated)
    const tokenOfOther = auth_result.auth_token
    // App B's token, checked as app A's server would: A's JWKS, any audience and issuer.
    await expect(jwtVerify(tokenOfOther, keys, { algorithms: ['RS256'] })).rejects.toThrow()
    const own = await jwtVerify(tokenOfOther, otherKeys, {
      ...expected,
      issuer: `${h.server.url}/v1/apps/other`,
      audience: 'other',
    })
    expect(own.payload.aud).toBe('other')
    expect(decodeProtectedHeader(tokenOfOther).kid).not.toBe(
      (await (await h.api('/apps/demo/.well-known/jwks.json')).json()).keys[0].kid,
    )
  })
})

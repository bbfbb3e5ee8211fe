import { generateKeyPairSync, randomInt } from 'node:crypto'
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

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((sum, count) => sum + count, 0)
  const expected = total / counts.length
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0)
}

// Upper critical values of the chi-square distribution at a significance of 1e-4: a uniform
// source fails one of these checks about once in ten thousand runs.
const CRITICAL_1E4 = { 9: 33.72, 54: 101.42, 99: 160.06 } as const

interface CodeFigures {
  digits: number
  positions: number
  pairs: number[]
}

function codeFigures(codes: readonly string[]): CodeFigures {
  const all = new Array<number>(10).fill(0)
  const byPosition = Array.from({ length: 6 }, () => new Array<number>(10).fill(0))
  const pairs = [0, 2, 4].map(() => new Array<number>(100).fill(0))
  for (const code of codes) {
    for (let p = 0; p < 6; p++) {
      const digit = Number(code[p])
      all[digit] = (all[digit] ?? 0) + 1
      const row = byPosition[p] as number[]
      row[digit] = (row[digit] ?? 0) + 1
    }
    for (const [i, start] of [0, 2, 4].entries()) {
      const cell = Number(code.slice(start, start + 2))
      const row = pairs[i] as number[]
      row[cell] = (row[cell] ?? 0) + 1
    }
  }
  return {
    digits: chiSquare(all),
    // Positions are independent under uniformity, so their statistics add up (6 × 9 = 54 df).
    positions: byPosition.reduce((sum, row) => sum + chiSquare(row), 0),
    pairs: pairs.map(chiSquare),
  }
}

function expectUniform(figures: CodeFigures) {
  expect(figures.digits).toBeLessThan(CRITICAL_1E4[9])
  expect(figures.positions).toBeLessThan(CRITICAL_1E4[54])
  for (const pair of figures.pairs) expect(pair).toBeLessThan(CRITICAL_1E4[99])
}

describe('codes', () => {
  // Sized by count. A mutation run (`MUTATION_RUN=1`) repeats this test for every mutant it
  // covers: 1000 codes still put 10 in each cell of the pair tables.
  const COUNT = process.env.MUTATION_RUN === '1' ? 1000 : 5000

  it(
    `are uniform over the 10 digits and the 6 positions (chi-square, ${COUNT} codes over HTTP)`,
    async () => {
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
      for (let batch = 0; batch < COUNT; batch += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, i) => sendOne(batch + i)))
      }
      expect(codes).toHaveLength(COUNT)
      for (const code of codes) expect(code).toMatch(/^\d{6}$/)
      const figures = codeFigures(codes)
      console.info(
        `code uniformity over ${COUNT} codes: digits χ²=${figures.digits.toFixed(1)} (9 df), ` +
          `positions χ²=${figures.positions.toFixed(1)} (54 df), adjacent pairs χ²=` +
          `${figures.pairs.map((x) => x.toFixed(1)).join('/')} (99 df); critical at 1e-4: ` +
          `${CRITICAL_1E4[9]}/${CRITICAL_1E4[54]}/${CRITICAL_1E4[99]}`,
      )
      expectUniform(figures)
      // About n²/2N = 12.5 repeats are expected among 5000 draws from a million; a weak source repeats.
      expect(new Set(codes).size).toBeGreaterThan(COUNT - 50)
      // No counting pattern: a code is almost never the previous one plus one.
      const successors = codes.filter(
        (code, i) => i > 0 && Number(code) === (Number(codes[i - 1]) + 1) % 1_000_000,
      )
      expect(successors.length).toBeLessThanOrEqual(3)
      // Codes with leading zeros exist (they are zero-padded, not drawn from 100000-999999).
      expect(codes.filter((code) => code.startsWith('0')).length).toBeGreaterThan(COUNT / 20)
      expect(otpIds.size).toBe(COUNT)
    },
    process.env.MUTATION_RUN === '1' ? 180_000 : 60_000,
  )

  it('the uniformity check rejects biased sources (it can fail)', () => {
    const draw = (next: () => string) => Array.from({ length: 6000 }, next)
    const pad = (n: number) => String(n).padStart(6, '0')
    // No leading zero, as `randomInt(100000, 1000000)` would give.
    const noZeroFirst = codeFigures(draw(() => pad(randomInt(100_000, 1_000_000))))
    expect(noZeroFirst.positions).toBeGreaterThan(CRITICAL_1E4[54])
    // Modulo bias made visible: two random digits summed, the last digit of the sum kept.
    const skewed = codeFigures(
      draw(() =>
        pad(randomInt(1_000_000)).replace(/\d$/, () => String(randomInt(6) + randomInt(5))),
      ),
    )
    expect(skewed.positions).toBeGreaterThan(CRITICAL_1E4[54])
    // Each digit repeated: uniform digits and positions, but dependent pairs.
    const doubled = codeFigures(
      draw(() => [0, 1, 2].map(() => String(randomInt(10)).repeat(2)).join('')),
    )
    expect(Math.max(...doubled.pairs)).toBeGreaterThan(CRITICAL_1E4[99])
    // A sound source passes.
    expectUniform(codeFigures(draw(() => pad(randomInt(1_000_000)))))
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

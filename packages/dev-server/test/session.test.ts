import { createRemoteJWKSet, decodeProtectedHeader, importJWK, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { ADA, json, start } from './helpers'

describe('auth token', () => {
  it('is an RS256 JWT that verifies with the served JWKS', async () => {
    const h = await start({ authTokenTtlSeconds: 900 })
    const { auth_token } = await h.signIn(ADA)
    const jwksUrl = new URL(`${h.server.baseURL}/apps/demo/.well-known/jwks.json`)
    const { payload, protectedHeader } = await jwtVerify(auth_token, createRemoteJWKSet(jwksUrl), {
      issuer: `${h.server.url}/v1/apps/demo`,
      audience: 'demo',
      algorithms: ['RS256'],
    })
    expect(protectedHeader.alg).toBe('RS256')
    expect(payload.sub).toBe(h.server.users.get(ADA)?.id)
    expect(payload.iat).toBe(Math.floor(h.clock.ms / 1000))
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900)
  })

  it('defaults to a one-hour lifetime and follows the now option', async () => {
    const h = await start()
    h.clock.advance(-7200)
    const { auth_token } = await h.signIn(ADA)
    const keys = await json<{ keys: Array<Record<string, string>> }>(
      await h.api('/apps/demo/.well-known/jwks.json'),
    )
    const jwk = keys.keys[0] ?? {}
    const key = await importJWK(jwk, 'RS256')
    await expect(jwtVerify(auth_token, key)).rejects.toThrow(/exp/)
    const { payload } = await jwtVerify(auth_token, key, { currentDate: new Date(h.clock.ms) })
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600)
  })

  it('is signed with one first key per app in a process: shared by servers, never by apps', async () => {
    const jwks = async (h: Awaited<ReturnType<typeof start>>, appId: string) =>
      (await json<{ keys: unknown[] }>(await h.api(`/apps/${appId}/.well-known/jwks.json`))).keys
    const first = await start({ appIds: ['demo', 'shop'] })
    const second = await start()
    const demo = await jwks(first, 'demo')
    expect(demo).toHaveLength(1)
    expect(await jwks(second, 'demo')).toEqual(demo)
    expect(await jwks(first, 'shop')).not.toEqual(demo)
  })

  it('serves a public RS256 JWK with kid, alg and use, matching the token header', async () => {
    const h = await start()
    const response = await h.api('/apps/demo/.well-known/jwks.json')
    expect(response.status).toBe(200)
    const { keys } = await json<{ keys: Array<Record<string, string>> }>(response)
    expect(keys).toHaveLength(1)
    const [jwk] = keys
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' })
    expect(jwk?.kid).toEqual(expect.any(String))
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwk).not.toHaveProperty(secret)
    const { auth_token } = await h.signIn(ADA)
    expect(decodeProtectedHeader(auth_token).kid).toBe(jwk?.kid)
  })

  it('fails verification when tampered with', async () => {
    const h = await start()
    const { auth_token } = await h.signIn(ADA)
    const jwks = createRemoteJWKSet(new URL(`${h.server.baseURL}/apps/demo/.well-known/jwks.json`))
    const [header, payload, signature] = auth_token.split('.')
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString(
      'base64url',
    )
    await expect(jwtVerify(`${header}.${forged}.${signature}`, jwks)).rejects.toThrow()
    const flipped = `${signature?.slice(0, -2)}${signature?.endsWith('AA') ? 'BB' : 'AA'}`
    await expect(jwtVerify(`${header}.${payload}.${flipped}`, jwks)).rejects.toThrow()
    await expect(jwtVerify(auth_token, jwks)).resolves.toBeDefined()
  })
})

describe('refresh tokens', () => {
  const refresh = (h: Awaited<ReturnType<typeof start>>, token: unknown, app = 'demo') =>
    h.api(`/apps/${app}/tokens`, { refresh_token: token })

  it('rotate: a refresh answers 201 with a new token and the old one is revoked', async () => {
    const h = await start()
    const first = await h.signIn(ADA)
    const response = await refresh(h, first.refresh_token)
    expect(response.status).toBe(201)
    const { auth_result } = await json<{ auth_result: Record<string, string> }>(response)
    expect(auth_result.refresh_token).not.toBe(first.refresh_token)
    expect(auth_result.auth_token).not.toBe(first.auth_token)
    expect(auth_result.redirect_url).toBe('/')
    const reused = await refresh(h, first.refresh_token)
    expect(reused.status).toBe(401)
    expect((await json(reused)).code).toBe('invalid_refresh_token')
    expect((await refresh(h, auth_result.refresh_token)).status).toBe(201)
    expect(h.server.stats().refreshTokens).toBe(1)
  })

  it('answers 401 for unknown, other-app and expired tokens', async () => {
    const h = await start({ appIds: ['demo', 'other'], refreshTokenTtlSeconds: 60 })
    expect((await refresh(h, 'made-up')).status).toBe(401)
    const { refresh_token } = await h.signIn(ADA)
    expect((await refresh(h, refresh_token, 'other')).status).toBe(401)
    h.clock.advance(60)
    const expired = await refresh(h, refresh_token)
    expect(expired.status).toBe(401)
    expect(await json(expired)).toEqual({
      code: 'invalid_refresh_token',
      error: 'refresh token: invalid, expired or revoked.',
    })
  })

  it('answers 401 once the user is no longer active', async () => {
    const h = await start()
    const { refresh_token } = await h.signIn(ADA)
    h.server.users.set(ADA, 'inactive')
    expect((await refresh(h, refresh_token)).status).toBe(401)
  })

  it('answers 400 for a missing or non-string refresh_token', async () => {
    const h = await start()
    for (const body of [{}, { refresh_token: 5 }, { refresh_token: '' }]) {
      const response = await h.api('/apps/demo/tokens', body)
      expect(response.status).toBe(400)
      expect((await json(response)).code).toBe('invalid_request')
    }
  })

  it('DELETE revokes with 200 and an empty body, and is idempotent', async () => {
    const h = await start()
    const { refresh_token } = await h.signIn(ADA)
    const url = `${h.server.baseURL}/apps/demo/tokens?refresh_token=${encodeURIComponent(refresh_token)}`
    const first = await fetch(url, { method: 'DELETE' })
    expect(first.status).toBe(200)
    expect(await first.text()).toBe('')
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(200)
    expect((await refresh(h, refresh_token)).status).toBe(401)
    const missing = await fetch(`${h.server.baseURL}/apps/demo/tokens`, { method: 'DELETE' })
    expect(missing.status).toBe(400)
    expect((await json(missing)).code).toBe('invalid_request')
  })

  it('answers /tokens/ with a trailing slash like /tokens, for refresh and sign-out', async () => {
    const h = await start()
    const { refresh_token } = await h.signIn(ADA)
    const refreshed = await h.api('/apps/demo/tokens/', { refresh_token })
    expect(refreshed.status).toBe(201)
    const { auth_result } = await json<{ auth_result: { refresh_token: string } }>(refreshed)
    const query = `refresh_token=${encodeURIComponent(auth_result.refresh_token)}`
    const revoked = await fetch(`${h.server.baseURL}/apps/demo/tokens/?${query}`, {
      method: 'DELETE',
    })
    expect(revoked.status).toBe(200)
    expect(await revoked.text()).toBe('')
    expect((await refresh(h, auth_result.refresh_token)).status).toBe(401)
    expect(h.server.stats().requestsByRoute).toMatchObject({
      'POST /v1/apps/:appId/tokens': 2,
      'DELETE /v1/apps/:appId/tokens': 1,
    })
  })
})

import { describe, expect, it } from 'vitest'
import { ADA, json, start, wrongCode } from './helpers'

describe('login/otp', () => {
  it('answers 200 {otp_id} for a known user and delivers a 6-digit code', async () => {
    const h = await start()
    const response = await h.api('/apps/demo/login/otp', { identifier: ADA })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const body = await json<{ otp_id: string }>(response)
    expect(Object.keys(body)).toEqual(['otp_id'])
    expect(body.otp_id).toMatch(/^[A-Za-z0-9]{24}$/)
    const message = h.server.outbox.latest(ADA)
    expect(message?.otpId).toBe(body.otp_id)
    expect(message?.code).toMatch(/^\d{6}$/)
    expect(message).toMatchObject({ channel: 'email', intent: 'login', language: 'en' })
  })

  it('codes are random: 50 sends give many different codes', async () => {
    const h = await start({ resendCooldownSeconds: 0, ipRateLimit: false })
    const codes = new Set<string>()
    for (let i = 0; i < 50; i++) codes.add((await h.send(ADA)).code)
    expect(codes.size).toBeGreaterThan(40)
    for (const code of codes) expect(code).toMatch(/^\d{6}$/)
  })

  it('answers 404 user_not_found for an unknown user and for a never-activated one', async () => {
    const h = await start({ users: [{ identifier: 'pending@example.com', status: 'pending' }] })
    for (const identifier of ['nobody@example.com', 'pending@example.com']) {
      const response = await h.api('/apps/demo/login/otp', { identifier })
      expect(response.status).toBe(404)
      const body = await json(response)
      expect(body.code).toBe('user_not_found')
      expect(typeof body.error).toBe('string')
    }
    expect(h.server.outbox.messages()).toHaveLength(0)
  })

  it('sends a login code to an inactive user; activation then answers 403', async () => {
    const h = await start()
    h.server.users.set(ADA, 'inactive')
    const { otpId, code } = await h.send(ADA)
    const response = await h.activate(otpId, code)
    expect(response.status).toBe(403)
    expect(await json(response)).toEqual({ code: 'user_not_active', error: 'user: not active.' })
  })

  it('keeps a supported language and falls back to en for anything else', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    const cases: Array<[unknown, string]> = [
      ['de', 'de'],
      ['ZH', 'zh'],
      ['pt', 'pt'],
      ['fr', 'en'],
      ['', 'en'],
      ['de-DE', 'en'],
      [undefined, 'en'],
    ]
    for (const [language, expected] of cases) {
      const response = await h.api('/apps/demo/login/otp', { identifier: ADA, language })
      expect(response.status).toBe(200)
      expect(h.server.outbox.latest(ADA)?.language).toBe(expected)
    }
    const bad = await h.api('/apps/demo/login/otp', { identifier: ADA, language: 7 })
    expect(bad.status).toBe(400)
    expect((await json(bad)).code).toBe('invalid_request')
  })
})

describe('register/otp', () => {
  it('answers 201 {otp_id}; the user exists and is active only after activation', async () => {
    const h = await start()
    const response = await h.api('/apps/demo/register/otp', { identifier: 'new@example.com' })
    expect(response.status).toBe(201)
    const { otp_id } = await json<{ otp_id: string }>(response)
    expect(h.server.users.get('new@example.com')).toBeUndefined()
    const login = await h.api('/apps/demo/login/otp', { identifier: 'new@example.com' })
    expect(login.status).toBe(404)
    const code = h.server.outbox.latest('new@example.com')?.code ?? ''
    expect(h.server.outbox.latest('new@example.com')?.intent).toBe('register')
    const activated = await h.activate(otp_id, code)
    expect(activated.status).toBe(200)
    expect(h.server.users.get('new@example.com')?.status).toBe('active')
  })

  it('answers 400 "user: already exists." for an active user', async () => {
    const h = await start()
    const response = await h.api('/apps/demo/register/otp', { identifier: 'ADA@example.com' })
    expect(response.status).toBe(400)
    expect(await json(response)).toEqual({
      code: 'invalid_request',
      error: 'user: already exists.',
    })
  })

  it('lets a user who registered but never activated register again', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    await h.send('again@example.com', 'register')
    const second = await h.api('/apps/demo/register/otp', { identifier: 'again@example.com' })
    expect(second.status).toBe(201)
  })

  it('lets a seeded pending user register and activates them', async () => {
    const h = await start({ users: [{ identifier: '+49 (151) 234-5678', status: 'pending' }] })
    const { otpId, code } = await h.send('+491512345678', 'register')
    expect(h.server.outbox.latest('+491512345678')?.channel).toBe('sms')
    expect((await h.activate(otpId, code)).status).toBe(200)
    expect(h.server.users.get('+49 151 2345678')?.status).toBe('active')
  })

  it('keeps the user id stable across sign-ins', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    const id = h.server.users.get(ADA)?.id
    expect(id).toMatch(/^[A-Za-z0-9]{24}$/)
    await h.signIn(ADA)
    await h.signIn(ADA)
    expect(h.server.users.get(ADA)?.id).toBe(id)
  })
})

describe('otp/activate', () => {
  it('answers 200 with the auth result', async () => {
    const h = await start({ redirectUrl: '/dashboard' })
    const { otpId, code } = await h.send(ADA)
    const response = await h.activate(otpId, code)
    expect(response.status).toBe(200)
    const { auth_result } = await json<{ auth_result: Record<string, unknown> }>(response)
    expect(Object.keys(auth_result).sort()).toEqual([
      'auth_token',
      'redirect_url',
      'refresh_token',
      'refresh_token_expiration',
    ])
    expect(auth_result.redirect_url).toBe('/dashboard')
    expect(auth_result.auth_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(auth_result.refresh_token).toMatch(/^[\w-]{43}$/)
    expect(auth_result.refresh_token_expiration).toBe(
      Math.floor((h.clock.ms + 30 * 24 * 3600 * 1000) / 1000),
    )
  })

  it('is single use', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    expect((await h.activate(otpId, code)).status).toBe(200)
    const again = await h.activate(otpId, code)
    expect(again.status).toBe(400)
    expect(await json(again)).toEqual({ code: 'invalid_request', error: 'otp or otpId invalid.' })
  })

  it('rejects a wrong code and an unknown otp_id with 400 invalid_request', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    const wrong = await h.activate(otpId, wrongCode(code))
    expect(wrong.status).toBe(400)
    expect((await json(wrong)).code).toBe('invalid_request')
    const unknown = await h.activate('doesnotexist', code)
    expect(unknown.status).toBe(400)
    expect((await json(unknown)).code).toBe('invalid_request')
    expect((await h.activate(otpId, code)).status).toBe(200)
  })

  it('expires codes after codeTtlSeconds, indistinguishable from a wrong code', async () => {
    const h = await start({ codeTtlSeconds: 120 })
    const early = await h.send(ADA)
    h.clock.advance(119)
    expect((await h.activate(early.otpId, early.code)).status).toBe(200)
    h.clock.advance(60)
    const late = await h.send(ADA)
    h.clock.advance(120)
    const response = await h.activate(late.otpId, late.code)
    expect(response.status).toBe(400)
    expect(await json(response)).toEqual({
      code: 'invalid_request',
      error: 'otp or otpId invalid.',
    })
  })

  it('uses 300 s as the default code lifetime', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    const message = h.server.outbox.latest(ADA)
    expect(Date.parse(message?.expiresAt ?? '') - Date.parse(message?.createdAt ?? '')).toBe(
      300_000,
    )
    h.clock.advance(300)
    expect((await h.activate(otpId, code)).status).toBe(400)
  })

  it('answers 401 exceeded_attempts on the 5th wrong try and then even for the right code', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    for (let i = 0; i < 4; i++) {
      expect((await h.activate(otpId, wrongCode(code))).status).toBe(400)
    }
    const fifth = await h.activate(otpId, wrongCode(code))
    expect(fifth.status).toBe(401)
    expect((await json(fifth)).code).toBe('exceeded_attempts')
    const right = await h.activate(otpId, code)
    expect(right.status).toBe(401)
    expect((await json(right)).code).toBe('exceeded_attempts')
  })

  it('honours maxAttempts and counts attempts per code', async () => {
    const h = await start({ maxAttempts: 2, resendCooldownSeconds: 0 })
    const first = await h.send(ADA)
    expect((await h.activate(first.otpId, wrongCode(first.code))).status).toBe(400)
    expect((await h.activate(first.otpId, wrongCode(first.code))).status).toBe(401)
    const second = await h.send(ADA)
    expect((await h.activate(second.otpId, wrongCode(second.code))).status).toBe(400)
    expect((await h.activate(second.otpId, second.code)).status).toBe(200)
  })

  it('a new code supersedes the older one for the same identifier', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    const old = await h.send(ADA)
    const fresh = await h.send(ADA)
    expect(fresh.otpId).not.toBe(old.otpId)
    expect((await h.activate(old.otpId, old.code)).status).toBe(400)
    expect((await h.activate(fresh.otpId, fresh.code)).status).toBe(200)
  })

  it('a register code supersedes a login code and the other way round', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    const register = await h.send('bo@example.com', 'register')
    const again = await h.send('bo@example.com', 'register')
    expect((await h.activate(register.otpId, register.code)).status).toBe(400)
    expect((await h.activate(again.otpId, again.code)).status).toBe(200)
  })

  it('does not accept one app’s otp_id in another app', async () => {
    const h = await start({ appIds: ['demo', 'other'] })
    const { otpId, code } = await h.send(ADA)
    const response = await h.api('/apps/other/otp/activate', { otp: code, otp_id: otpId })
    expect(response.status).toBe(400)
    expect((await h.activate(otpId, code)).status).toBe(200)
  })

  it('answers 403 when the user was made inactive between send and activate', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    const toggled = await fetch(`${h.server.url}/__dev/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: ADA, status: 'inactive' }),
    })
    expect(toggled.status).toBe(200)
    expect(await json(toggled)).toMatchObject({ user: { identifier: ADA, status: 'inactive' } })
    expect((await h.activate(otpId, code)).status).toBe(403)
  })
})

describe('apps and routes', () => {
  it('answers 404 app_not_found for an unknown app id on every endpoint', async () => {
    const h = await start()
    const paths = ['login/otp', 'register/otp', 'otp/activate', 'tokens']
    for (const path of paths) {
      const response = await h.api(`/apps/nope/${path}`, { identifier: ADA })
      expect(response.status).toBe(404)
      expect((await json(response)).code).toBe('app_not_found')
    }
    const jwks = await h.api('/apps/nope/.well-known/jwks.json')
    expect(jwks.status).toBe(404)
  })

  it('serves several apps with separate users', async () => {
    const h = await start({ appId: 'one', appIds: ['two'], users: [] })
    h.server.users.set(ADA, 'active', 'two')
    expect(h.server.appId).toBe('one')
    expect((await h.api('/apps/one/login/otp', { identifier: ADA })).status).toBe(404)
    expect((await h.api('/apps/two/login/otp', { identifier: ADA })).status).toBe(200)
    expect(h.server.outbox.latest(ADA)?.appId).toBe('two')
    expect(h.lines.join('\n')).toContain('app two')
  })

  it('answers unknown routes and methods with 404 JSON', async () => {
    const h = await start()
    for (const [path, method] of [
      ['/nothing', 'GET'],
      ['/apps/demo/login/otp', 'GET'],
      ['/apps/demo/otp/activate', 'PUT'],
    ] as const) {
      const response = await fetch(`${h.server.baseURL}${path}`, { method })
      expect(response.status).toBe(404)
      expect((await json(response)).code).toBe('not_found')
    }
    const root = await fetch(`${h.server.url}/favicon.ico`)
    expect(root.status).toBe(404)
    expect(root.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it('counts /v1 requests per route in stats()', async () => {
    const h = await start()
    await h.send(ADA)
    await h.api('/apps/demo/otp/activate', { otp: '000000', otp_id: 'x' })
    await h.api('/apps/demo/.well-known/jwks.json')
    await h.api('/apps/other/.well-known/jwks.json')
    await h.api('/apps/demo/nothing')
    await h.api('/nothing')
    await fetch(`${h.server.url}/__dev/outbox`)
    const stats = h.server.stats()
    expect(stats.requests).toBe(6)
    expect(stats.requestsByRoute).toEqual({
      'POST /v1/apps/:appId/login/otp': 1,
      'POST /v1/apps/:appId/otp/activate': 1,
      'GET /v1/apps/:appId/.well-known/jwks.json': 2,
      'GET /v1/*': 2,
    })
    expect(stats.users).toBe(1)
    expect(stats.codes).toBe(1)
  })
})

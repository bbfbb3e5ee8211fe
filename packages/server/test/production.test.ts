import { createHmac, timingSafeEqual } from 'node:crypto'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createProductionApp,
  MemoryStore,
  type ProductionApp,
  SIGNATURE_HEADER,
  signWebhook,
  startServer,
} from '../src/index'
import { ADA, capture, memoryLogger, ORIGIN, testConfig } from './helpers'

const open: ProductionApp[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()))
})

async function production(over: Record<string, unknown> = {}) {
  const config = testConfig(over)
  const sent = capture()
  const log = memoryLogger()
  const store = new MemoryStore()
  await store.saveUser('demo', ADA, 'active', 'user-ada')
  let ms = Date.now()
  const app = await createProductionApp(config, {
    store,
    delivery: sent.delivery,
    logger: log.logger,
    now: () => ms,
  })
  open.push(app)
  const call = (path: string, body?: unknown, init: RequestInit = {}) =>
    app.app.request(`http://auth.test${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: body === undefined ? undefined : JSON.stringify(body),
      ...init,
    })
  const signIn = async () => {
    const sentCode = await call('/v1/apps/demo/login/otp', { identifier: ADA })
    const { otp_id } = (await sentCode.json()) as { otp_id: string }
    const activated = await call('/v1/apps/demo/otp/activate', { otp_id, otp: sent.codeOf(otp_id) })
    return ((await activated.json()) as { auth_result: Record<string, string> }).auth_result
  }
  return { app, call, sent, log, store, config, signIn, advance: (s: number) => (ms += s * 1000) }
}

describe('the production server', () => {
  it('signs in with a code and answers CORS for the app’s origins only', async () => {
    const p = await production()
    const result = await p.signIn()
    expect(result).toMatchObject({ redirect_url: '/home' })
    const jwks = (await (await p.call('/v1/apps/demo/.well-known/jwks.json')).json()) as never
    const { payload } = await jwtVerify(result.auth_token as string, createLocalJWKSet(jwks), {
      audience: 'demo',
    })
    expect(payload.sub).toBe('user-ada')
    const allowed = await p.call('/v1/apps/demo/login/otp', undefined, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    })
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    const other = await p.call('/v1/apps/demo/login/otp', undefined, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers /healthz, and /readyz by the store', async () => {
    const p = await production()
    expect(await (await p.call('/healthz')).json()).toEqual({ status: 'ok' })
    expect((await p.call('/readyz')).status).toBe(200)
    p.store.ping = () => Promise.reject(new Error('connection refused'))
    const notReady = await p.call('/readyz')
    expect(notReady.status).toBe(503)
    expect(await notReady.json()).toEqual({ code: 'not_ready', error: 'store: unreachable.' })
  })

  it('never logs a code, a token or a secret', async () => {
    const p = await production()
    const result = await p.signIn()
    const refreshed = await p.call('/v1/apps/demo/tokens', { refresh_token: result.refresh_token })
    const next = ((await refreshed.json()) as { auth_result: Record<string, string> }).auth_result
    await p.call(`/v1/apps/demo/tokens?refresh_token=${next.refresh_token}`, undefined, {
      method: 'DELETE',
    })
    const logged = p.log.lines.join('\n')
    expect(p.log.lines.length).toBeGreaterThanOrEqual(4)
    const secrets = [
      ...p.sent.messages.map((m) => m.code),
      result.auth_token,
      result.refresh_token,
      next.auth_token,
      next.refresh_token,
      p.config.secrets.hashSecret.toString('base64'),
      p.config.secrets.keyEncryptionKey.toString('base64'),
      p.config.secrets.smsWebhookSecret,
    ]
    for (const secret of secrets) expect(logged).not.toContain(secret)
  })

  it('answers a failed delivery with 503 in Passage’s shape and leaves no usable code', async () => {
    const p = await production()
    let fail = true
    const delivered: string[] = []
    p.app.passage.delivery = {
      async deliver(message) {
        if (fail) throw new Error('smtp down')
        delivered.push(message.code)
      },
    }
    const refused = await p.call('/v1/apps/demo/login/otp', { identifier: ADA })
    expect(refused.status).toBe(503)
    expect(await refused.json()).toEqual({
      code: 'delivery_failed',
      error: 'could not send the code by email; try again.',
    })
    expect((await p.store.counts()).codes).toBe(0)
    // No cooldown left either: the user can ask again at once.
    fail = false
    expect((await p.call('/v1/apps/demo/login/otp', { identifier: ADA })).status).toBe(200)
    expect(p.log.lines.join('')).toContain('delivery failed')
  })

  it('keeps tokens signed before a key rotation valid until they expire', async () => {
    const p = await production()
    const before = await p.signIn()
    const oldKid = decodeProtectedHeader(before.auth_token as string).kid
    const newKid = await p.app.passage.keys.rotate('demo')
    const after = await p.signIn()
    expect(decodeProtectedHeader(after.auth_token as string).kid).toBe(newKid)
    const jwks = async () =>
      createLocalJWKSet(
        (await (await p.call('/v1/apps/demo/.well-known/jwks.json')).json()) as never,
      )
    await jwtVerify(before.auth_token as string, await jwks(), { currentDate: new Date() })
    const kids = async () =>
      (
        (await (await p.call('/v1/apps/demo/.well-known/jwks.json')).json()) as {
          keys: { kid: string }[]
        }
      ).keys.map((k) => k.kid)
    expect(await kids()).toEqual([newKid, oldKid])
    // Once every token of the old key expired (authTokenTtlSeconds: 3600), it leaves the JWKS.
    p.advance(3601)
    expect(await kids()).toEqual([newKid])
  })
})

describe('the SMS webhook signature', () => {
  it('is HMAC-SHA256 over "<t>.<body>", as the guide tells receivers to check it', () => {
    const body = '{"type":"otp.sms"}'
    const header = signWebhook('whsec-test', body, 1_800_000_000)
    // The receiver's check, written as the guide shows it.
    const [t, v1] = header.split(',').map((part) => part.split('=')[1] ?? '')
    const expected = createHmac('sha256', 'whsec-test').update(`${t}.${body}`).digest()
    expect(timingSafeEqual(expected, Buffer.from(v1 ?? '', 'hex'))).toBe(true)
    expect(t).toBe('1800000000')
    expect(SIGNATURE_HEADER).toBe('x-passage-otp-signature')
  })
})

describe('signing keys at rest', () => {
  it('refuses to start with another key encryption key, saying which variable', async () => {
    const store = new MemoryStore()
    const first = await createProductionApp(testConfig(), { store, logger: memoryLogger().logger })
    await first.close()
    await expect(
      createProductionApp(testConfig(), { store, logger: memoryLogger().logger }),
    ).rejects.toThrow(
      'signing key of app demo: cannot be decrypted; PASSAGE_OTP_KEY_ENCRYPTION_KEY is not the key it was stored with.',
    )
  })

  it('stores the private key encrypted', async () => {
    const store = new MemoryStore()
    const app = await createProductionApp(testConfig(), { store, logger: memoryLogger().logger })
    open.push(app)
    const [key] = await store.listKeys('demo')
    expect(key?.privateJwk).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(key?.privateJwk).not.toContain('"d"')
    expect(JSON.parse(key?.publicJwk ?? '{}')).not.toHaveProperty('d')
  })
})

describe('graceful shutdown', () => {
  it('finishes a request in flight, then stops', async () => {
    const store = new MemoryStore()
    await store.saveUser('demo', ADA, 'active', 'u1')
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let delivering: () => void = () => undefined
    const started = new Promise<void>((resolve) => {
      delivering = resolve
    })
    const server = await startServer(testConfig(), {
      store,
      logger: false,
      delivery: {
        async deliver() {
          delivering()
          await held
        },
      },
    })
    const inFlight = fetch(`${server.url}/v1/apps/demo/login/otp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: ADA }),
    })
    await started
    let stopped = false
    const stopping = server.shutdown().then(() => {
      stopped = true
    })
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
    expect(stopped).toBe(false)
    release()
    expect((await inFlight).status).toBe(200)
    await stopping
    expect(stopped).toBe(true)
  })
})

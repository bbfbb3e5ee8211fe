import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDevServer, type DevServer } from '@passage-otp/dev-server'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import {
  createOtpRequests,
  createPassageOtpClient,
  type PassageOtpClient,
  type PassageOtpClientOptions,
  parseAuthResult,
  parseRetryAfter,
  type RequestOptions,
} from '../src/client'
import { OtpAuthError } from '../src/errors'

let server: DevServer
beforeAll(async () => {
  server = await createDevServer({
    logger: false,
    resendCooldownSeconds: 0,
    ipRateLimit: false,
    users: [
      { identifier: 'ada@example.com' },
      { identifier: 'off@example.com', status: 'inactive' },
    ],
  })
})
afterAll(() => server.close())
beforeEach(() => server.clearFaults())

const client = () => createPassageOtpClient({ appId: server.appId, baseURL: server.baseURL })

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(OtpAuthError)
  return error as OtpAuthError
}

describe('against the dev server', () => {
  test('login sends a code and activation returns the auth result', async () => {
    const { otpId } = await client().requestLoginOtp({ identifier: 'Ada@Example.com ' })
    const message = server.outbox.latest('ada@example.com')
    expect(message?.otpId).toBe(otpId)
    const result = await client().activateOtp({ otpId, code: message?.code ?? '' })
    expect(result.authToken.split('.')).toHaveLength(3)
    expect(result.redirectUrl).toBe('/')
    expect(result.refreshToken).toEqual(expect.any(String))
  })

  test('register answers 201 with an otp_id, and passes the language through', async () => {
    const { otpId } = await client().requestRegisterOtp({
      identifier: 'new@example.com',
      language: 'de',
    })
    expect(server.outbox.latest('new@example.com')).toMatchObject({ otpId, language: 'de' })
  })

  test.each([
    [
      'unknown user at login',
      () => client().requestLoginOtp({ identifier: 'nobody@example.com' }),
      'user_not_found',
      404,
    ],
    [
      'existing user at register',
      () => client().requestRegisterOtp({ identifier: 'ada@example.com' }),
      'user_exists',
      400,
    ],
    [
      'invalid identifier',
      () => client().requestLoginOtp({ identifier: 'not-an-email' }),
      'invalid_identifier',
      400,
    ],
    [
      'unknown otp id',
      () => client().activateOtp({ otpId: 'nope', code: '123456' }),
      'invalid_or_expired_code',
      400,
    ],
  ] as const)('%s → %s', async (_, call, kind, status) => {
    const error = await rejection(call())
    expect(error).toMatchObject({ kind, status })
  })

  test('refresh (201 with the auth result) and sign-out (200 with an empty body) resolve', async () => {
    const { otpId } = await client().requestLoginOtp({ identifier: 'ada@example.com' })
    const code = server.outbox.latest('ada@example.com')?.code ?? ''
    const first = await client().activateOtp({ otpId, code })
    const next = await client().refreshSession(first.refreshToken ?? '')
    expect(next.refreshToken).toEqual(expect.any(String))
    expect(next.refreshToken).not.toBe(first.refreshToken)
    await expect(client().signOut(next.refreshToken ?? '')).resolves.toBeUndefined()
    const revoked = await rejection(client().refreshSession(next.refreshToken ?? ''))
    expect(revoked).toMatchObject({ status: 401, code: 'invalid_refresh_token' })
  })

  test('wrong codes, then too many attempts', async () => {
    const { otpId } = await client().requestLoginOtp({ identifier: 'ada@example.com' })
    const right = server.outbox.latest('ada@example.com')?.code ?? ''
    const wrong = right === '000000' ? '111111' : '000000'
    for (let attempt = 1; attempt < 5; attempt++) {
      const error = await rejection(client().activateOtp({ otpId, code: wrong }))
      expect(error.kind).toBe('invalid_or_expired_code')
    }
    const locked = await rejection(client().activateOtp({ otpId, code: wrong }))
    expect(locked).toMatchObject({
      kind: 'too_many_attempts',
      status: 401,
      code: 'exceeded_attempts',
    })
  })

  test('an inactive user is refused at activation', async () => {
    const { otpId } = await client().requestLoginOtp({ identifier: 'off@example.com' })
    const code = server.outbox.latest('off@example.com')?.code ?? ''
    const error = await rejection(client().activateOtp({ otpId, code }))
    expect(error).toMatchObject({ kind: 'user_inactive', status: 403, code: 'user_not_active' })
  })

  test.each([500, 502, 503] as const)('a %i becomes a server error', async (errorStatus) => {
    server.setFaults({ errorRate: 1, errorStatus })
    const error = await rejection(client().requestLoginOtp({ identifier: 'ada@example.com' }))
    expect(error).toMatchObject({ kind: 'server', status: errorStatus })
  })

  test('a 429 carries Retry-After as retryAfterMs', async () => {
    server.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 })
    const error = await rejection(client().requestLoginOtp({ identifier: 'ada@example.com' }))
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 7000 })
  })

  test('a malformed JSON body is a bad_response, not a crash', async () => {
    server.setFaults({ malformedJsonRate: 1 })
    const error = await rejection(client().requestLoginOtp({ identifier: 'ada@example.com' }))
    expect(error.kind).toBe('bad_response')
  })

  test('a dropped connection is a network error', async () => {
    server.setFaults({ dropRate: 1 })
    const error = await rejection(client().requestLoginOtp({ identifier: 'ada@example.com' }))
    expect(error.kind).toBe('network')
  })

  // Both run again below on an engine without AbortSignal.any and AbortSignal.timeout.
  async function expectTimeout(request?: RequestOptions) {
    server.setFaults({ latencyMs: 500 })
    const slow = createPassageOtpClient({
      appId: server.appId,
      baseURL: server.baseURL,
      timeoutMs: 50,
    })
    const error = await rejection(slow.requestLoginOtp({ identifier: 'ada@example.com' }, request))
    expect(error.kind).toBe('timeout')
  }

  async function expectCallerAbort() {
    server.setFaults({ latencyMs: 500 })
    const controller = new AbortController()
    const request = client().requestLoginOtp(
      { identifier: 'ada@example.com' },
      { signal: controller.signal },
    )
    controller.abort(new Error('left the page'))
    await expect(request).rejects.toThrow('left the page')
  }

  test('latency past the timeout is a timeout error', () => expectTimeout())

  test('latency past the timeout is a timeout error with a caller signal too', () =>
    expectTimeout({ signal: new AbortController().signal }))

  test("the caller's abort signal aborts the request with the caller's reason", expectCallerAbort)

  test("a signal aborted before the call rejects with the caller's reason", async () => {
    const controller = new AbortController()
    controller.abort(new Error('already gone'))
    const request = client().requestLoginOtp(
      { identifier: 'ada@example.com' },
      { signal: controller.signal },
    )
    await expect(request).rejects.toThrow('already gone')
  })

  test('without AbortSignal.any and AbortSignal.timeout (some React Native engines) both still abort', async () => {
    const { any, timeout } = AbortSignal
    Object.defineProperty(AbortSignal, 'any', { value: undefined, configurable: true })
    Object.defineProperty(AbortSignal, 'timeout', { value: undefined, configurable: true })
    try {
      await expectCallerAbort()
      await expectTimeout({ signal: new AbortController().signal })
    } finally {
      Object.defineProperty(AbortSignal, 'any', { value: any, configurable: true })
      Object.defineProperty(AbortSignal, 'timeout', { value: timeout, configurable: true })
    }
  })

  test('an unknown app id is a server error with the API code', async () => {
    const other = createPassageOtpClient({ appId: 'nope', baseURL: server.baseURL })
    const error = await rejection(other.requestLoginOtp({ identifier: 'ada@example.com' }))
    expect(error).toMatchObject({ kind: 'server', status: 404, code: 'app_not_found' })
  })
})

describe('against a server that breaks the contract', () => {
  let raw: Server
  let reply: { status: number; body: string; headers?: Record<string, string> }
  let baseURL: string
  beforeAll(async () => {
    raw = createServer((_, res) => {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      res.end(reply.body)
    })
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve))
    baseURL = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/v1`
  })
  afterAll(() => new Promise<void>((resolve) => raw.close(() => resolve())))
  const contractClient = () => createPassageOtpClient({ appId: 'app', baseURL })

  test.each([
    ['a 200 without otp_id', '{}'],
    ['a 200 with a numeric otp_id', '{"otp_id": 42}'],
    ['a 200 that is not JSON', 'hello'],
    ['a 200 with an array', '[]'],
    ['an empty 200', ''],
  ])('%s is a bad_response', async (_, body) => {
    reply = { status: 200, body }
    const error = await rejection(contractClient().requestLoginOtp({ identifier: 'a@b.co' }))
    expect(error.kind).toBe('bad_response')
  })

  test('an activation without auth_token is a bad_response', async () => {
    reply = { status: 200, body: '{"auth_result": {"redirect_url": "/"}}' }
    const error = await rejection(contractClient().activateOtp({ otpId: 'x', code: '123456' }))
    expect(error.kind).toBe('bad_response')
  })

  test('Retry-After as an HTTP date becomes milliseconds from now', async () => {
    const date = new Date(Date.now() + 60_000).toUTCString()
    reply = {
      status: 429,
      body: '{"code":"rate_limited","error":"slow down"}',
      headers: { 'retry-after': date },
    }
    const error = await rejection(contractClient().requestLoginOtp({ identifier: 'a@b.co' }))
    expect(error.kind).toBe('rate_limited')
    expect(error.retryAfterMs).toBeGreaterThan(55_000)
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000)
  })

  test('a 500 with an HTML body is a server error', async () => {
    reply = { status: 500, body: '<html>oops</html>' }
    const error = await rejection(contractClient().requestLoginOtp({ identifier: 'a@b.co' }))
    expect(error).toMatchObject({ kind: 'server', status: 500 })
  })
})

describe('parseRetryAfter', () => {
  test.each([
    ['12', 12_000],
    [' 0 ', 0],
    [' 7 ', 7_000],
    [null, undefined],
    ['', undefined],
    ['   ', undefined],
    ['soon', undefined],
    ['x7', undefined],
    ['7x', undefined],
    ['Thu, 01 Jan 1970 00:00:10 GMT', 5_000],
    ['Thu, 01 Jan 1970 00:00:01 GMT', 0],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, 5_000)).toBe(expected)
  })
})

describe('createPassageOtpClient refuses a missing appId with a TypeError', () => {
  const refusals: [string, unknown][] = [
    ['no options', undefined],
    ['no appId', {}],
    ['an empty appId', { appId: '' }],
    ['a blank appId', { appId: '   ' }],
    ['an appId that is not a string', { appId: 42 }],
  ]
  test.each(refusals)('%s: in development, a sentence that names the option', (_, options) => {
    const create = () => createPassageOtpClient(options as PassageOtpClientOptions)
    expect(create).toThrow(TypeError)
    expect(create).toThrow(/^createPassageOtpClient: `appId` must be/)
  })

  // docs/performance.md: a production build throws the same TypeError, its message the option.
  test('in production, and without `process` (no bundler), the message is the option', () => {
    const create = () => createPassageOtpClient({ appId: ' ' })
    vi.stubEnv('NODE_ENV', 'production')
    try {
      expect(create).toThrow(new TypeError('appId'))
    } finally {
      vi.unstubAllEnvs()
    }
    vi.stubGlobal('process', undefined)
    try {
      expect(create).toThrow(new TypeError('appId'))
    } finally {
      vi.unstubAllGlobals()
    }
    expect(create).toThrow(/^createPassageOtpClient:/)
  })
})

test("createOtpRequests: the flow's three calls alone, on the client's terms", async () => {
  expect(() => createOtpRequests({ appId: '' })).toThrow(TypeError)
  const server = await createDevServer({ logger: false })
  try {
    const requests = createOtpRequests({ appId: server.appId, baseURL: server.baseURL })
    expect(Object.keys(requests).sort()).toEqual([
      'activateOtp',
      'requestLoginOtp',
      'requestRegisterOtp',
    ])
    const { otpId } = await requests.requestRegisterOtp({ identifier: 'new@example.com' })
    const code = server.outbox.latest('new@example.com')?.code ?? ''
    expect((await requests.activateOtp({ otpId, code })).authToken).toMatch(/\./)
  } finally {
    await server.close()
  }
})

// What goes on the wire, from the API page (the three OTP calls) and the API facts (the token
// calls, the default base URL), and what the client makes of each answer.
describe('against a recording fetch', () => {
  interface Sent {
    method: string
    url: string
    body: unknown
  }
  type Answer = { status?: number; body?: string; headers?: Record<string, string> }

  function recording(answer: Answer = {}) {
    const sent: Sent[] = []
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body
      sent.push({ method: init?.method ?? 'GET', url: String(input), body })
      return new Response(answer.body ?? '{}', {
        status: answer.status ?? 200,
        headers: { 'content-type': 'application/json', ...answer.headers },
      })
    }
    return { sent, fetch }
  }

  const otpSent = { body: '{"otp_id":"otp-1"}' }
  const authResult = { body: '{"auth_result":{"auth_token":"a.b.c","redirect_url":"/home"}}' }
  const app = 'https://auth.passage.id/v1/apps/app-1'

  test.each([
    [
      'login',
      otpSent,
      (c: PassageOtpClient) => c.requestLoginOtp({ identifier: 'ada@example.com' }),
      { method: 'POST', url: `${app}/login/otp`, body: { identifier: 'ada@example.com' } },
      { otpId: 'otp-1' },
    ],
    [
      'login in German',
      otpSent,
      (c: PassageOtpClient) => c.requestLoginOtp({ identifier: 'ada@example.com', language: 'de' }),
      {
        method: 'POST',
        url: `${app}/login/otp`,
        body: { identifier: 'ada@example.com', language: 'de' },
      },
      { otpId: 'otp-1' },
    ],
    [
      'login with an empty language (the app default)',
      otpSent,
      (c: PassageOtpClient) => c.requestLoginOtp({ identifier: 'ada@example.com', language: '' }),
      { method: 'POST', url: `${app}/login/otp`, body: { identifier: 'ada@example.com' } },
      { otpId: 'otp-1' },
    ],
    [
      'register',
      { ...otpSent, status: 201 },
      (c: PassageOtpClient) => c.requestRegisterOtp({ identifier: '+14155550101' }),
      { method: 'POST', url: `${app}/register/otp`, body: { identifier: '+14155550101' } },
      { otpId: 'otp-1' },
    ],
    [
      'activate',
      authResult,
      (c: PassageOtpClient) => c.activateOtp({ otpId: 'otp-1', code: '123456' }),
      { method: 'POST', url: `${app}/otp/activate`, body: { otp: '123456', otp_id: 'otp-1' } },
      { authToken: 'a.b.c', redirectUrl: '/home' },
    ],
    [
      'refresh',
      { ...authResult, status: 201 },
      (c: PassageOtpClient) => c.refreshSession('refresh-1'),
      { method: 'POST', url: `${app}/tokens`, body: { refresh_token: 'refresh-1' } },
      { authToken: 'a.b.c', redirectUrl: '/home' },
    ],
    [
      'sign out',
      { body: '' },
      (c: PassageOtpClient) => c.signOut('refresh-1'),
      { method: 'DELETE', url: `${app}/tokens?refresh_token=refresh-1`, body: undefined },
      undefined,
    ],
  ] as const)('%s', async (_, answer, call, request, result) => {
    const { sent, fetch } = recording(answer)
    const client = createPassageOtpClient({ appId: 'app-1', fetch })
    expect(client.baseURL).toBe('https://auth.passage.id/v1')
    await expect(call(client)).resolves.toStrictEqual(result)
    expect(sent).toEqual([request])
  })

  test('the app id is one path segment, the refresh token one query value', async () => {
    const { sent, fetch } = recording({ body: '' })
    const client = createPassageOtpClient({ appId: 'my app/1?x', fetch })
    await client.signOut('a b&c=d/+')
    const url = new URL(sent[0]?.url ?? '')
    expect(url.pathname).toBe('/v1/apps/my%20app%2F1%3Fx/tokens')
    expect([...url.searchParams]).toEqual([['refresh_token', 'a b&c=d/+']])
  })

  test('a base URL with trailing slashes is used without them', async () => {
    const { sent, fetch } = recording(otpSent)
    const client = createPassageOtpClient({
      appId: 'app-1',
      baseURL: 'https://auth.example.com/v1//',
      fetch,
    })
    expect(client.baseURL).toBe('https://auth.example.com/v1')
    await client.requestLoginOtp({ identifier: 'ada@example.com' })
    expect(sent[0]?.url).toBe('https://auth.example.com/v1/apps/app-1/login/otp')
  })

  test('without a fetch option, the global fetch of the moment of the request is used', async () => {
    const client = createPassageOtpClient({ appId: 'app-1' })
    // A polyfill installed after the client was made (React Native) still serves it.
    const { sent, fetch } = recording(otpSent)
    vi.stubGlobal('fetch', fetch)
    try {
      await expect(client.requestLoginOtp({ identifier: 'ada@example.com' })).resolves.toEqual({
        otpId: 'otp-1',
      })
    } finally {
      vi.unstubAllGlobals()
    }
    expect(sent).toHaveLength(1)
  })

  /** A fetch that answers only by rejecting when its signal aborts. */
  const hanging = (_: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
    })

  test.each([
    ['15 s by default', undefined, 15_000],
    ['timeoutMs when given', 2_000, 2_000],
  ])('a request gives up after %s', async (_, timeoutMs, limit) => {
    vi.useFakeTimers()
    try {
      const client = createPassageOtpClient({ appId: 'app-1', fetch: hanging, timeoutMs })
      let settled = false
      const request = client
        .requestLoginOtp({ identifier: 'ada@example.com' })
        .catch((error: unknown) => error)
        .finally(() => {
          settled = true
        })
      await vi.advanceTimersByTimeAsync(limit - 1)
      expect(settled).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      expect(await request).toMatchObject({ kind: 'timeout' })
    } finally {
      vi.useRealTimers()
    }
  })

  test("an answered request leaves no timer, and no listener on the caller's signal", async () => {
    vi.useFakeTimers()
    try {
      const { fetch } = recording(otpSent)
      const { signal } = new AbortController()
      const added = vi.spyOn(signal, 'addEventListener')
      const removed = vi.spyOn(signal, 'removeEventListener')
      const client = createPassageOtpClient({ appId: 'app-1', fetch })
      await client.requestLoginOtp({ identifier: 'ada@example.com' }, { signal })
      expect(vi.getTimerCount()).toBe(0)
      expect(added).toHaveBeenCalledTimes(1)
      expect(removed.mock.calls).toEqual(added.mock.calls)
    } finally {
      vi.useRealTimers()
    }
  })

  test("a network error keeps fetch's own error in its causes", async () => {
    const thrown = new TypeError('fetch failed')
    const client = createPassageOtpClient({ appId: 'app-1', fetch: () => Promise.reject(thrown) })
    const error = await rejection(client.requestLoginOtp({ identifier: 'ada@example.com' }))
    expect(error.kind).toBe('network')
    const causes: unknown[] = []
    for (let cause = error.cause; cause !== undefined; cause = (cause as Error).cause) {
      causes.push(cause)
    }
    expect(causes).toContain(thrown)
  })

  test('a bad_response names the field that was missing', async () => {
    const { fetch } = recording({ body: '{}' })
    const client = createPassageOtpClient({ appId: 'app-1', fetch })
    const sent = await rejection(client.requestLoginOtp({ identifier: 'ada@example.com' }))
    const activated = await rejection(client.activateOtp({ otpId: 'otp-1', code: '123456' }))
    expect([sent.kind, activated.kind]).toEqual(['bad_response', 'bad_response'])
    expect(String(sent.cause)).toContain('otp_id')
    expect(String(activated.cause)).toContain('auth_token')
  })

  // The error kinds' table in the docs (reference/errors) and the API facts.
  const sessionEnded = /sign in again/i
  type Call = 'login' | 'register' | 'activate' | 'refresh' | 'sign out'
  type Expected = { kind: string; code?: string; message?: unknown }
  test.each<[Call, number, { code?: string; error?: string }, Expected]>([
    ['login', 404, { code: 'user_not_found' }, { kind: 'user_not_found', code: 'user_not_found' }],
    [
      'register',
      400,
      { code: 'invalid_request', error: 'user: already exists.' },
      { kind: 'user_exists', code: 'invalid_request' },
    ],
    [
      'register',
      400,
      { code: 'invalid_request', error: 'identifier: must be a valid email' },
      { kind: 'invalid_identifier', code: 'invalid_request' },
    ],
    [
      'login',
      400,
      { code: 'invalid_request', error: 'identifier: must be a valid email' },
      { kind: 'invalid_identifier', code: 'invalid_request' },
    ],
    ['login', 409, { error: 'user: already exists.' }, { kind: 'server' }],
    [
      'activate',
      400,
      { code: 'invalid_request', error: 'otp or otpId invalid' },
      { kind: 'invalid_or_expired_code', code: 'invalid_request' },
    ],
    [
      'activate',
      401,
      { code: 'exceeded_attempts' },
      { kind: 'too_many_attempts', code: 'exceeded_attempts' },
    ],
    [
      'activate',
      403,
      { code: 'user_not_active' },
      { kind: 'user_inactive', code: 'user_not_active' },
    ],
    ['activate', 404, { code: 'app_not_found' }, { kind: 'server', code: 'app_not_found' }],
    [
      'refresh',
      401,
      { code: 'invalid_refresh_token' },
      {
        kind: 'server',
        code: 'invalid_refresh_token',
        message: expect.stringMatching(sessionEnded),
      },
    ],
    [
      'refresh',
      400,
      { code: 'invalid_request', error: 'user: already exists.' },
      { kind: 'server', code: 'invalid_request' },
    ],
    ['sign out', 404, { code: 'user_not_found' }, { kind: 'server', code: 'user_not_found' }],
    ['sign out', 500, {}, { kind: 'server' }],
    ['login', 500, {}, { kind: 'server' }],
    // A 5xx is the server's failure, whatever its body says.
    ['login', 500, { code: 'user_not_found' }, { kind: 'server', code: 'user_not_found' }],
    ['activate', 503, { code: 'invalid_request' }, { kind: 'server', code: 'invalid_request' }],
    ['login', 501, {}, { kind: 'server' }],
  ])('%s answered %i %j → %j', async (name, status, body, expected) => {
    const { fetch } = recording({ status, body: JSON.stringify(body) })
    const client = createPassageOtpClient({ appId: 'app-1', fetch })
    const calls = {
      login: () => client.requestLoginOtp({ identifier: 'ada@example.com' }),
      register: () => client.requestRegisterOtp({ identifier: 'ada@example.com' }),
      activate: () => client.activateOtp({ otpId: 'otp-1', code: '123456' }),
      refresh: () => client.refreshSession('refresh-1'),
      'sign out': () => client.signOut('refresh-1'),
    }
    const error = await rejection(calls[name]())
    expect(error).toMatchObject({ status, ...expected })
    expect(error.code).toBe(expected.code)
    if (expected.code !== 'invalid_refresh_token') expect(error.message).not.toMatch(sessionEnded)
    // The API's human text is kept for debugging, never shown.
    expect(error.cause).toBe(body.error)
  })

  test('the sentence for each kind is the documented one', async () => {
    const answers = [
      [404, { code: 'user_not_found' }, 'There is no account for this email or phone number.'],
      [500, {}, 'Something went wrong on the server. Try again.'],
      [429, {}, 'Too many requests. Wait a moment and try again.'],
    ] as const
    for (const [status, body, message] of answers) {
      const { fetch } = recording({ status, body: JSON.stringify(body) })
      const client = createPassageOtpClient({ appId: 'app-1', fetch })
      const error = await rejection(client.requestLoginOtp({ identifier: 'ada@example.com' }))
      expect(error.message).toBe(message)
    }
  })

  test('a 429 without a usable Retry-After has no retryAfterMs', async () => {
    for (const headers of [{}, { 'retry-after': 'soon' }] as Record<string, string>[]) {
      const { fetch } = recording({ status: 429, headers })
      const client = createPassageOtpClient({ appId: 'app-1', fetch })
      const error = await rejection(client.requestLoginOtp({ identifier: 'ada@example.com' }))
      expect(error.kind).toBe('rate_limited')
      expect(error.retryAfterMs).toBeUndefined()
    }
  })
})

describe('parseAuthResult', () => {
  test.each([
    [
      'every field',
      {
        auth_token: 'a.b.c',
        redirect_url: '/home',
        refresh_token: 'r',
        refresh_token_expiration: 1_700_000_000,
      },
      {
        authToken: 'a.b.c',
        redirectUrl: '/home',
        refreshToken: 'r',
        refreshTokenExpiration: 1_700_000_000,
      },
    ],
    ['only the auth token', { auth_token: 'a.b.c' }, { authToken: 'a.b.c', redirectUrl: '/' }],
    [
      'empty optional fields',
      { auth_token: 'a.b.c', redirect_url: '', refresh_token: '' },
      { authToken: 'a.b.c', redirectUrl: '/' },
    ],
    [
      'an expiration that is not a finite number',
      { auth_token: 'a.b.c', refresh_token_expiration: Number.POSITIVE_INFINITY },
      { authToken: 'a.b.c', redirectUrl: '/' },
    ],
    [
      'an expiration that is not a number',
      { auth_token: 'a.b.c', refresh_token_expiration: '1700000000' },
      { authToken: 'a.b.c', redirectUrl: '/' },
    ],
  ])('%s', (_, result, expected) => {
    expect(parseAuthResult({ auth_result: result })).toStrictEqual(expected)
  })

  test.each([
    ['no body', undefined],
    ['an array', [{ auth_result: { auth_token: 'a' } }]],
    ['auth_result not an object', { auth_result: 'a.b.c' }],
    ['auth_result an array', { auth_result: ['a.b.c'] }],
    ['no auth token', { auth_result: { redirect_url: '/' } }],
  ])('%s is a bad_response', (_, data) => {
    expect(() => parseAuthResult(data)).toThrow(expect.objectContaining({ kind: 'bad_response' }))
  })
})

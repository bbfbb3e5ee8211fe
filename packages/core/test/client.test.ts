import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDevServer, type DevServer } from '@passage-otp/dev-server'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import {
  createOtpRequests,
  createPassageOtpClient,
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
    ['', undefined],
    ['soon', undefined],
    ['Thu, 01 Jan 1970 00:00:10 GMT', 5_000],
    ['Thu, 01 Jan 1970 00:00:01 GMT', 0],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, 5_000)).toBe(expected)
  })
})

test('createPassageOtpClient refuses a missing appId with a TypeError', () => {
  expect(() => createPassageOtpClient({ appId: '' })).toThrow(TypeError)
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

import { createDevServer, type DevServer } from '@passage-otp/dev-server'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createActor, waitFor } from 'xstate'
import { createOtpAuthActor, createOtpAuthLogic } from '../src/actor'
import { createPassageOtpClient } from '../src/client'
import { isValidCodeFormat, normalizeCode } from '../src/code'
import { isOtpAuthError, type OtpAuthErrorKind, otpAuthErrorKinds } from '../src/errors'
import { normalizeIdentifier } from '../src/identifier'
import { selectIsBusy, selectStep } from '../src/selectors'
import { createControllableClient, flushRequests } from '../src/testing'
import type { OtpAuthEvent } from '../src/types'
import {
  equivalentIdentifiers,
  type HostileValue,
  invalidCodes,
  invalidIdentifiers,
  lookalikeIdentifiers,
  pastedCodes,
} from './support/hostile-corpus'
import { propertyRuns } from './support/runs'

// Hostile input at every door of the core: the identifier and code checks, the machine (which
// must refuse without a request), the client reading hostile answers, and the client sending
// hostile identifiers to the real dev server.

const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
let tried = 0
let server: DevServer

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  server = await createDevServer({
    logger: false,
    ipRateLimit: false,
    resendCooldownSeconds: 0,
    users: [{ identifier: 'ada@example.com' }],
  })
})

afterAll(async () => {
  await server.close()
  process.off('unhandledRejection', onUnhandled)
  console.info(`hostile inputs tried in core: ${tried}`)
})

const named = (values: HostileValue[]) => values.map((entry) => [entry.label, entry] as const)
const asEvent = (value: unknown) => value as string

describe('normalizeIdentifier', () => {
  test.each(named(invalidIdentifiers))('refuses %s', (_, { value }) => {
    tried += 1
    expect(normalizeIdentifier(value)).toBeNull()
  })

  test.each(named(equivalentIdentifiers))('reads %s as the plain address', (_, { value }) => {
    tried += 1
    expect(normalizeIdentifier(value)).toEqual({ identifier: 'ada@example.com', channel: 'email' })
  })

  test('for any value: null, or a normalised, control-free, idempotent identifier', () => {
    const values = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc
        .tuple(fc.string({ maxLength: 12 }), fc.domain())
        .map(([local, domain]) => `${local}@${domain}`),
      fc.stringMatching(/^\+?[\d ()-]{0,20}$/),
      fc.anything(),
    )
    fc.assert(
      fc.property(values, (value) => {
        tried += 1
        const result = normalizeIdentifier(value)
        if (result === null) return
        const { identifier, channel } = result
        // biome-ignore lint/suspicious/noControlCharactersInRegex: what must never get through
        expect(identifier).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
        expect(identifier).toBe(identifier.trim())
        expect(normalizeIdentifier(identifier)).toEqual(result)
        if (channel === 'sms') expect(identifier).toMatch(/^\+[1-9]\d{7,14}$/)
        else {
          expect(identifier).toBe(identifier.toLowerCase())
          expect(identifier.length).toBeLessThanOrEqual(254)
          expect(identifier.split('@')).toHaveLength(2)
        }
      }),
      propertyRuns(3000),
    )
    // Sized by count: 3000 values take about a second alone, and several on a loaded machine.
  }, 30_000)
})

describe('normalizeCode and isValidCodeFormat', () => {
  test.each(named(invalidCodes))('refuse %s', (_, { value }) => {
    tried += 1
    expect(isValidCodeFormat(value)).toBe(false)
    expect(normalizeCode(value)).toMatch(/^\d*$/)
  })

  test.each(named(pastedCodes))('accept %s', (_, { value }) => {
    tried += 1
    expect(isValidCodeFormat(value)).toBe(true)
    expect(normalizeCode(value)).toMatch(/^\d{6}$/)
  })

  test('for any value: only ASCII digits come out, and a valid code is six of them', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'grapheme', maxLength: 16 }), fc.anything()),
        fc.integer({ min: 1, max: 10 }),
        (value, length) => {
          tried += 1
          const code = normalizeCode(value)
          expect(code).toMatch(/^[0-9]*$/)
          if (isValidCodeFormat(value, length)) expect(code).toHaveLength(length)
        },
      ),
      propertyRuns(3000),
    )
  })
})

describe('the machine refuses hostile input without a request', () => {
  function start() {
    const client = createControllableClient()
    const actor = createActor(createOtpAuthLogic({ client: client.client }), { input: {} }).start()
    return { client, actor }
  }

  test('every invalid identifier stays on the form with invalid_identifier', () => {
    const { client, actor } = start()
    for (const { label, value } of [...invalidIdentifiers, ...invalidIdentifiers.slice(0, 5)]) {
      tried += 1
      actor.send({ type: 'identifier.submit', identifier: asEvent(value) })
      const snapshot = actor.getSnapshot()
      expect(snapshot.value, label).toBe('idle')
      expect(snapshot.context.error?.kind, label).toBe('invalid_identifier')
      expect(snapshot.status).toBe('active')
    }
    expect(client.calls).toHaveLength(0)
    // And the form still works afterwards.
    actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
    expect(client.pending()).toEqual(['requestLoginOtp'])
    actor.stop()
  })

  test('every invalid code stays on the code form with invalid_code_format', async () => {
    const { client, actor } = start()
    actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
    client.resolve('requestLoginOtp', { otpId: 'otp-1' })
    await flushRequests()
    for (const { label, value } of invalidCodes) {
      tried += 1
      actor.send({ type: 'code.submit', code: asEvent(value) })
      const snapshot = actor.getSnapshot()
      expect(snapshot.matches({ awaitingCode: { code: 'entering' } }), label).toBe(true)
      expect(snapshot.context.error?.kind, label).toBe('invalid_code_format')
    }
    expect(client.calls).toHaveLength(1)
    expect(actor.getSnapshot().context.attempts).toBe(0)
    actor.stop()
  })

  test.each(named(pastedCodes))('a pasted code (%s) is activated as six digits', async (_, c) => {
    tried += 1
    const { client, actor } = start()
    actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
    client.resolve('requestLoginOtp', { otpId: 'otp-1' })
    await flushRequests()
    actor.send({ type: 'code.submit', code: asEvent(c.value) })
    expect(selectStep(actor.getSnapshot())).toBe('activating')
    expect(client.calls[1]?.input).toEqual({ otpId: 'otp-1', code: normalizeCode(c.value) })
    actor.stop()
  })

  test('malformed events (missing or odd fields) change nothing and send nothing', async () => {
    const { client, actor } = start()
    const atTheForm = [
      { type: 'identifier.submit' },
      { type: 'identifier.submit', identifier: 'ada@example.com', intent: 'hack' },
      { type: 'identifier.submit', identifier: null, intent: 'register' },
      { type: 'code.submit' },
      { type: 'code.resend', code: '123456' },
      { type: 'flow.retry' },
      { type: 'flow.restore', saved: { version: 1, step: 'awaitingCode', otpId: 42 } },
      { type: '__proto__' },
      { type: 'constructor' },
      { type: 'xstate.done.actor.activateOtp', output: { authToken: 'forged', redirectUrl: '/' } },
      { type: 'xstate.done.actor.requestLoginOtp', output: { otpId: 'forged' } },
      { type: 'xstate.after.codeLifetime' },
    ]
    const atTheCode = [
      { type: 'code.submit', code: 123456 },
      { type: 'code.submit', code: ['123456'] },
      { type: 'code.submit' },
      { type: 'identifier.submit', identifier: 'eve@example.com', intent: 'hack' },
    ]
    const expectUnchanged = (events: object[]) => {
      for (const event of events) {
        tried += 1
        const before = actor.getSnapshot()
        actor.send(event as unknown as OtpAuthEvent)
        const after = actor.getSnapshot()
        const what = JSON.stringify(event)
        expect(after.status, what).toBe('active')
        expect(after.value, what).toEqual(before.value)
        expect(after.context, what).toEqual(before.context)
      }
    }
    expectUnchanged(atTheForm)
    expect(client.calls).toHaveLength(0)
    actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
    client.resolve('requestLoginOtp', { otpId: 'otp-1' })
    await flushRequests()
    expectUnchanged(atTheCode)
    expect(client.calls).toHaveLength(1)
    actor.stop()
  })
})

describe('lookalike addresses against the dev server', () => {
  // The dev server refuses every one of these. Whether the machine refuses them itself or lets
  // the server do it, the flow must never reach the code form for them.
  test.each(named(lookalikeIdentifiers))('%s never reaches the code form', async (_, c) => {
    tried += 1
    const before = server.stats().requests
    const actor = createOtpAuthActor({ appId: server.appId, baseURL: server.baseURL }).start()
    actor.send({ type: 'identifier.submit', identifier: asEvent(c.value), intent: 'register' })
    const snapshot = await waitFor(actor, (s) => !selectIsBusy(s), { timeout: 15_000 })
    expect(['idle', 'error']).toContain(selectStep(snapshot))
    expect(snapshot.context.error?.kind).toBe('invalid_identifier')
    expect(server.stats().requests - before).toBeLessThanOrEqual(1)
    expect(server.outbox.messages()).toHaveLength(0)
    actor.stop()
  })
})

describe('the client reads hostile answers as typed errors', () => {
  type Answer = { status?: number; body: string; headers?: Record<string, string> }
  const clientAnswering = (answer: Answer | (() => Promise<Response>)) =>
    createPassageOtpClient({
      appId: 'demo',
      baseURL: 'http://127.0.0.1:9/v1',
      fetch: async () =>
        typeof answer === 'function'
          ? answer()
          : new Response(answer.body, {
              status: answer.status ?? 200,
              headers: { 'content-type': 'application/json', ...answer.headers },
            }),
    })

  async function outcome(promise: Promise<unknown>) {
    try {
      return { value: await promise }
    } catch (error) {
      expect(isOtpAuthError(error), `not an OtpAuthError: ${String(error)}`).toBe(true)
      const kind = (error as { kind: OtpAuthErrorKind }).kind
      expect(otpAuthErrorKinds).toContain(kind)
      return { kind, error: error as { retryAfterMs?: number } }
    }
  }

  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
  const sendAnswers: [string, Answer, OtpAuthErrorKind | 'ok'][] = [
    ['empty body', { body: '' }, 'bad_response'],
    ['null', { body: 'null' }, 'bad_response'],
    ['array', { body: '[{"otp_id":"x"}]' }, 'bad_response'],
    ['number', { body: '42' }, 'bad_response'],
    ['string', { body: '"otp"' }, 'bad_response'],
    ['otp_id number', { body: '{"otp_id": 123}' }, 'bad_response'],
    ['otp_id null', { body: '{"otp_id": null}' }, 'bad_response'],
    ['otp_id empty', { body: '{"otp_id": ""}' }, 'bad_response'],
    ['otp_id array', { body: '{"otp_id": ["x"]}' }, 'bad_response'],
    ['otp_id object', { body: '{"otp_id": {"toString": "x"}}' }, 'bad_response'],
    ['__proto__ carrying otp_id', { body: '{"__proto__": {"otp_id": "x"}}' }, 'bad_response'],
    [
      'constructor.prototype',
      { body: '{"constructor":{"prototype":{"otp_id":"x"}}}' },
      'bad_response',
    ],
    ['truncated JSON', { body: '{"otp_id": "ab' }, 'bad_response'],
    ['HTML with 200', { body: '<html><body>hi</body></html>' }, 'bad_response'],
    ['deeply nested', { body: deep }, 'bad_response'],
    ['NUL bytes', { body: '\u0000\u0000' }, 'bad_response'],
    ['1 MB padding', { body: `{"otp_id":"x","pad":"${'p'.repeat(1024 * 1024)}"}` }, 'ok'],
    ['duplicate otp_id', { body: '{"otp_id":"x","otp_id":"y"}' }, 'ok'],
    [
      '400 with odd fields',
      { status: 400, body: '{"code":["x"],"error":5}' },
      'invalid_identifier',
    ],
    ['400 with no body', { status: 400, body: '' }, 'invalid_identifier'],
    ['404 user_not_found', { status: 404, body: '{"code":"user_not_found"}' }, 'user_not_found'],
    ['418', { status: 418, body: '{}' }, 'server'],
    ['500 HTML', { status: 500, body: '<h1>oops</h1>' }, 'server'],
    ['599', { status: 599, body: 'null' }, 'server'],
    ['429 no Retry-After', { status: 429, body: '{}' }, 'rate_limited'],
  ]

  // The answer is left out of the test's name: a name holding the 1 MB or deeply nested body
  // becomes a name filter too large for a regular expression (the mutation run's runner crashed).
  const outcomeFirst = (answers: [string, Answer, OtpAuthErrorKind | 'ok'][]) =>
    answers.map(([label, answer, expected]) => [label, expected, answer] as const)

  test.each(outcomeFirst(sendAnswers))('send: %s → %s', async (_, expected, answer) => {
    tried += 1
    const result = await outcome(clientAnswering(answer).requestLoginOtp({ identifier: 'a@b.io' }))
    expect('kind' in result ? result.kind : 'ok').toBe(expected)
  })

  const activateAnswers: [string, Answer, OtpAuthErrorKind | 'ok'][] = [
    ['auth_result null', { body: '{"auth_result": null}' }, 'bad_response'],
    ['auth_result string', { body: '{"auth_result": "token"}' }, 'bad_response'],
    ['auth_token number', { body: '{"auth_result": {"auth_token": 1}}' }, 'bad_response'],
    ['auth_token empty', { body: '{"auth_result": {"auth_token": ""}}' }, 'bad_response'],
    ['auth_token top level', { body: '{"auth_token": "x"}' }, 'bad_response'],
    ['truncated', { body: '{"auth_result":{"auth_token":"' }, 'bad_response'],
    ['wrong code', { status: 400, body: '{"code":"invalid_request"}' }, 'invalid_or_expired_code'],
    ['401', { status: 401, body: '{"code":"exceeded_attempts"}' }, 'too_many_attempts'],
    ['403', { status: 403, body: '{"code":"user_not_active"}' }, 'user_inactive'],
  ]

  test.each(outcomeFirst(activateAnswers))('activate: %s → %s', async (_, expected, answer) => {
    tried += 1
    const result = await outcome(clientAnswering(answer).activateOtp({ otpId: 'x', code: '1' }))
    expect('kind' in result ? result.kind : 'ok').toBe(expected)
  })

  test('odd optional fields of an auth result are dropped, not trusted', async () => {
    tried += 1
    const body = JSON.stringify({
      auth_result: {
        auth_token: 't',
        redirect_url: 5,
        refresh_token: {},
        refresh_token_expiration: '9',
        __proto__: { admin: true },
      },
    })
    const result = await clientAnswering({ body }).activateOtp({ otpId: 'x', code: '1' })
    expect(result).toStrictEqual({ authToken: 't', redirectUrl: '/' })
    expect((result as unknown as { admin?: boolean }).admin).toBeUndefined()
  })

  test.each([
    ['7', 7000],
    [' 7 ', 7000],
    ['0', 0],
    ['abc', undefined],
    ['', undefined],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
  ] as const)('Retry-After %j → retryAfterMs %j', async (header, expected) => {
    tried += 1
    const answer = { status: 429, body: '{}', headers: { 'retry-after': header } }
    const result = await outcome(clientAnswering(answer).requestLoginOtp({ identifier: 'a@b.io' }))
    expect('kind' in result && result.kind).toBe('rate_limited')
    expect('error' in result ? result.error?.retryAfterMs : 'none').toBe(expected)
  })

  test.each([
    ['rejects with a TypeError', () => Promise.reject(new TypeError('fetch failed'))],
    ['rejects with a string', () => Promise.reject('a string')],
    ['rejects with undefined', () => Promise.reject(undefined)],
    [
      'throws synchronously',
      () => {
        throw new Error('synchronous throw')
      },
    ],
  ] as const)('a fetch that %s is a network error', async (_, answer) => {
    tried += 1
    const result = await outcome(clientAnswering(answer).requestLoginOtp({ identifier: 'a@b.io' }))
    expect('kind' in result && result.kind).toBe('network')
  })

  test.each([
    ['null', null],
    ['an empty object', {}],
    ['a status of 0', { status: 0, ok: false, headers: new Headers() }],
  ])('a fetch that answers %s is a typed error', async (_, answer) => {
    tried += 1
    const hostile = clientAnswering(() => Promise.resolve(answer as unknown as Response))
    const result = await outcome(hostile.requestLoginOtp({ identifier: 'a@b.io' }))
    expect(['network', 'server', 'bad_response']).toContain('kind' in result && result.kind)
  })
})

describe('the client sends hostile identifiers to the dev server', () => {
  test('every one is a clean invalid_identifier, and the server keeps serving', async () => {
    const client = createPassageOtpClient({ appId: server.appId, baseURL: server.baseURL })
    const strings = [...invalidIdentifiers, ...lookalikeIdentifiers].filter(
      (entry) => typeof entry.value === 'string' && (entry.value as string).trim() !== '',
    )
    for (const { label, value } of strings) {
      tried += 1
      const error = await client.requestRegisterOtp({ identifier: value as string }).then(
        () => undefined,
        (reason: unknown) => reason,
      )
      expect(isOtpAuthError(error), label).toBe(true)
      expect((error as { kind: string }).kind, label).toBe('invalid_identifier')
      expect((error as { status: number }).status, label).toBe(400)
    }
    expect(server.outbox.messages()).toHaveLength(0)
    const { otpId } = await client.requestLoginOtp({ identifier: 'ada@example.com' })
    expect(otpId).toEqual(expect.any(String))
  })
})

test('nothing leaked: no unhandled rejection, no polluted prototype', async () => {
  await flushRequests()
  expect(unhandled).toEqual([])
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(({} as Record<string, unknown>).admin).toBeUndefined()
  expect(Object.keys(Object.prototype)).toEqual([])
  expect(tried).toBeGreaterThan(300)
})

// otpAuthMachine's own promises that the generated paths do not reach: its defaults and input, what
// it says when used without the actors `createOtpAuthLogic` provides, its development warnings,
// the errors and events it hands on, and what a restore brings back. Expected values come from
// docs/concepts/machine.md and docs/guide/persistence.md, not from the machine.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createActor, fromPromise } from 'xstate'
import { createOtpAuthLogic } from '../src/actor'
import { createOtpAuthError } from '../src/errors'
import { otpAuthMachine } from '../src/machine'
import { createControllableClient, flushRequests } from '../src/testing'
import type { OtpAuthEvent } from '../src/types'

describe('settings (the table in docs/concepts/machine.md)', () => {
  test('without input: the documented defaults and an empty form', () => {
    const { context } = createActor(otpAuthMachine, { input: undefined }).getSnapshot()
    expect(context.settings).toEqual({
      codeLifetimeMs: 300_000,
      resendCooldownMs: 30_000,
      maxAttempts: 5,
      codeLength: 6,
      intent: 'login',
    })
    expect(context).toMatchObject({ identifier: '', intent: 'login', endpoint: 'login' })
    expect(context.language).toBeUndefined()
  })

  test('input prefills the form and sets the intent and the language', () => {
    const input = { identifier: 'ada@example.com', intent: 'register', language: 'de' } as const
    const { context } = createActor(otpAuthMachine, { input }).getSnapshot()
    expect(context).toMatchObject({
      identifier: 'ada@example.com',
      intent: 'register',
      endpoint: 'register',
      language: 'de',
    })
    expect(context.settings).not.toHaveProperty('identifier')
  })
})

describe('used bare, the machine names the actor to provide', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.unstubAllGlobals()
  })
  const causeOf = (actor: { getSnapshot(): { context: { error: unknown } } }) =>
    String((actor.getSnapshot().context.error as { cause?: unknown } | null)?.cause)

  test.each([
    ['login', 'requestLoginOtp'],
    ['register', 'requestRegisterOtp'],
  ] as const)('a %s request fails with a message naming `%s`', async (intent, actorName) => {
    const actor = createActor(otpAuthMachine, { input: undefined }).start()
    actor.send({ type: 'identifier.submit', identifier: 'ada@example.com', intent })
    await flushRequests()
    expect(actor.getSnapshot().value).toMatchObject({ error: expect.anything() })
    expect(causeOf(actor)).toContain(`provide the \`${actorName}\` actor`)
  })

  test('in production, and where there is no `process`, the message is the actor name alone', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    const production = createActor(otpAuthMachine, { input: undefined }).start()
    production.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
    await flushRequests()
    expect(causeOf(production)).toBe('Error: requestLoginOtp')
    vi.unstubAllEnvs()

    const browser = createActor(otpAuthMachine, { input: undefined }).start()
    vi.stubGlobal('process', undefined)
    browser.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
    vi.unstubAllGlobals()
    await flushRequests()
    expect(causeOf(browser)).toBe('Error: requestLoginOtp')
  })

  test('an activation fails with a message naming `activateOtp`', async () => {
    const machine = otpAuthMachine.provide({
      actors: { requestLoginOtp: fromPromise(async () => ({ otpId: 'otp-1' })) },
    })
    const actor = createActor(machine, { input: undefined }).start()
    actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
    await flushRequests()
    actor.send({ type: 'code.submit', code: '123456' })
    await flushRequests()
    expect(causeOf(actor)).toContain('provide the `activateOtp` actor')
  })
})

describe('a malformed event is told once per mistake, in development only', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
    vi.unstubAllGlobals()
  })
  // As a JavaScript caller could send them, past the types.
  const submit = (fields: object) => ({ type: 'identifier.submit', ...fields }) as OtpAuthEvent

  test('two different mistakes are two warnings, each naming the event and the field', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const actor = createActor(otpAuthMachine, { input: undefined }).start()
    actor.send(submit({ identifier: 'ada@example.com', intent: 'first-mistake' }))
    actor.send(submit({ identifier: 404 }))
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(/identifier\.submit.*intent.*first-mistake/),
      expect.stringMatching(/identifier\.submit.*identifier/),
    ])
  })

  test('in production nothing is told', () => {
    vi.stubEnv('NODE_ENV', 'production')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const actor = createActor(otpAuthMachine, { input: undefined }).start()
    actor.send(submit({ identifier: 'ada@example.com', intent: 'production-mistake' }))
    expect(warn).not.toHaveBeenCalled()
  })

  test('where there is no `process` (a browser without a bundler) nothing is told or thrown', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const actor = createActor(otpAuthMachine, { input: undefined }).start()
    vi.stubGlobal('process', undefined)
    actor.send(submit({ identifier: 'ada@example.com', intent: 'browser-mistake' }))
    vi.unstubAllGlobals()
    expect(actor.getSnapshot()).toMatchObject({ status: 'active', value: 'idle' })
    expect(warn).not.toHaveBeenCalled()
  })
})

describe('what the code form shows after a refusal', () => {
  test("the server's own too_many_attempts (401 exceeded_attempts) is shown as it came", async () => {
    const server = createControllableClient()
    const actor = createActor(createOtpAuthLogic({ client: server.client }), { input: {} }).start()
    actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
    server.resolve('requestLoginOtp', { otpId: 'otp-1' })
    await flushRequests()
    actor.send({ type: 'code.submit', code: '123456' })
    const locked = createOtpAuthError('too_many_attempts', {
      status: 401,
      code: 'exceeded_attempts',
    })
    server.reject('activateOtp', locked)
    await flushRequests()
    expect(actor.getSnapshot().matches({ awaitingCode: { code: 'locked' } })).toBe(true)
    expect(actor.getSnapshot().context.error).toMatchObject({
      kind: 'too_many_attempts',
      status: 401,
      code: 'exceeded_attempts',
    })
  })
})

test('a code of the wrong form is refused naming the configured length', async () => {
  const server = createControllableClient()
  const input = { codeLength: 4 }
  const actor = createActor(createOtpAuthLogic({ client: server.client }), { input }).start()
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  server.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  actor.send({ type: 'code.submit', code: '123456' })
  expect(actor.getSnapshot().context.error).toMatchObject({
    kind: 'invalid_code_format',
    message: 'Enter the 4-digit code we sent you.',
  })
})

test("a failed SMS read is emitted with the reader's error", async () => {
  const denied = new Error('NotAllowedError')
  const machine = otpAuthMachine.provide({
    actors: {
      requestLoginOtp: fromPromise(async () => ({ otpId: 'otp-1' })),
      readSmsCode: fromPromise(() => Promise.reject(denied)) as never,
    },
  })
  const actor = createActor(machine, { input: {} }).start()
  const failures: unknown[] = []
  actor.on('smsAutofillFailed', (event) => failures.push(event.error))
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  await flushRequests()
  await flushRequests()
  expect(failures).toHaveLength(1)
  expect(failures[0]).toBe(denied)
})

describe('flow.restore', () => {
  const signedIn = {
    version: 1,
    step: 'authenticated',
    identifier: 'ada@example.com',
    intent: 'login',
    endpoint: 'login',
  } as const
  const restore = (saved: object, input = {}) => {
    const actor = createActor(otpAuthMachine, { input }).start()
    actor.send({ type: 'flow.restore', saved } as OtpAuthEvent)
    return actor.getSnapshot()
  }

  test('the saved language wins; without one, the configured language', () => {
    expect(restore({ ...signedIn, language: 'de' }).context.language).toBe('de')
    expect(restore({ ...signedIn, language: 'de' }, { language: 'fr' }).context.language).toBe('de')
    expect(restore(signedIn, { language: 'fr' }).context.language).toBe('fr')
  })

  test('a signed-in step carrying a stray `locked` comes back signed in', () => {
    expect(restore({ ...signedIn, locked: true }).value).toBe('authenticated')
  })

  test('a restored signed-in step holds no code, no deadlines and no attempts', () => {
    const { value, context } = restore({ ...signedIn, intent: 'auto', endpoint: 'register' })
    expect(value).toBe('authenticated')
    expect(context).toMatchObject({
      identifier: 'ada@example.com',
      intent: 'auto',
      endpoint: 'register',
      otpId: null,
      codeExpiresAt: null,
      resendAvailableAt: null,
      attempts: 0,
      error: null,
      authResult: null,
    })
  })
})

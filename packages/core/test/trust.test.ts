// Regression tests for holes found by driving the library from outside: each failed before its
// fix. Expected values come from the words and hand-written tables, not from the code.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createActor, type InspectionEvent } from 'xstate'
import { createOtpAuthActor, createOtpAuthLogic } from '../src/actor'
import { isValidCodeFormat, normalizeCode } from '../src/code'
import { createOtpAuthCommands, type SubmitIdentifierOptions } from '../src/commands'
import { createOtpAuthError, isRetryableError, type OtpAuthErrorKind } from '../src/errors'
import { createFlowPersistence, DEFAULT_PERSIST_KEY } from '../src/persistence'
import { selectOtpAuthView, selectSecondsUntilResend, selectStep } from '../src/selectors'
import { createMemoryStorage } from '../src/storage'
import { createControllableClient, flushRequests, testAuthResult } from '../src/testing'
import type { OtpAuthEvent, OtpAuthInput } from '../src/types'
import { createWebOtpReader } from '../src/web-otp'

const ADA = 'ada@example.com'

/** A code step as saved before a reload, far in the future. */
const savedCodeStep = {
  version: 1,
  step: 'awaitingCode',
  identifier: ADA,
  intent: 'login',
  endpoint: 'login',
  otpId: 'otp-1',
  codeExpiresAt: 1_900_000_000_000,
  resendAvailableAt: 1_900_000_000_000,
  attempts: 0,
  locked: false,
} as const

function startFlow(input: OtpAuthInput = {}) {
  const server = createControllableClient()
  const actor = createActor(createOtpAuthLogic({ client: server.client }), { input }).start()
  return Object.assign(server, { actor })
}

/** A flow in the code step, its code sent (otpId `otp-1`). */
async function atCodeStep(input: OtpAuthInput = {}) {
  const flow = startFlow(input)
  flow.actor.send({ type: 'identifier.submit', identifier: ADA })
  flow.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  return flow
}

describe('flow.retry after a permanent error is refused', () => {
  // By hand: which failures a plain retry of the same request can mend.
  const retryable: Record<OtpAuthErrorKind, boolean> = {
    invalid_identifier: false,
    user_not_found: false,
    user_exists: false,
    invalid_code_format: false,
    invalid_or_expired_code: false,
    code_expired: false,
    too_many_attempts: false,
    user_inactive: false,
    rate_limited: true,
    network: true,
    timeout: true,
    server: true,
    bad_response: true,
  }

  test.each(Object.entries(retryable))('isRetryableError(%s) is %s', (kind, expected) => {
    expect(isRetryableError(createOtpAuthError(kind as OtpAuthErrorKind))).toBe(expected)
  })

  test.each([
    ['user_not_found', 'login', 'requestLoginOtp'],
    ['user_inactive', 'login', 'requestLoginOtp'],
    ['invalid_identifier', 'login', 'requestLoginOtp'],
    ['user_exists', 'register', 'requestRegisterOtp'],
  ] as const)('%s: no retry, canRetry false, no second request', async (kind, intent, request) => {
    const flow = startFlow()
    flow.actor.send({ type: 'identifier.submit', identifier: ADA, intent })
    flow.reject(request, createOtpAuthError(kind))
    await flushRequests()
    const failed = flow.actor.getSnapshot()
    expect(failed.value).toMatchObject({ error: expect.anything() })
    expect(failed.can({ type: 'flow.retry' })).toBe(false)
    expect(selectOtpAuthView(failed).canRetry).toBe(false)
    flow.actor.send({ type: 'flow.retry' })
    expect(flow.calls).toHaveLength(1)
    expect(flow.actor.getSnapshot().context.error?.kind).toBe(kind)
  })

  test('a transient failure still retries', async () => {
    const flow = startFlow()
    flow.actor.send({ type: 'identifier.submit', identifier: ADA })
    flow.reject('requestLoginOtp', createOtpAuthError('server', { status: 503 }))
    await flushRequests()
    expect(selectOtpAuthView(flow.actor.getSnapshot()).canRetry).toBe(true)
    flow.actor.send({ type: 'flow.retry' })
    expect(flow.calls).toHaveLength(2)
  })
})

/** Everything an inspector could read: each event, and every actor's snapshot then and at the end. */
function recordInspection() {
  const events: InspectionEvent[] = []
  const seen: unknown[] = []
  const refs = new Set<{ getSnapshot(): unknown }>()
  const inspect = (event: InspectionEvent) => {
    events.push(event)
    seen.push(serialise(event))
    for (const ref of [event.actorRef, 'sourceRef' in event ? event.sourceRef : undefined]) {
      if (ref) refs.add(ref)
    }
  }
  const text = () => [...seen, ...[...refs].map((ref) => serialise(snapshotOf(ref)))].join('\n')
  return { inspect, events, text }
}

// An actor still starting has no snapshot to read yet.
function snapshotOf(ref: { getSnapshot(): unknown }) {
  try {
    return ref.getSnapshot()
  } catch {
    return null
  }
}

// JSON of anything, cycles cut, actor refs replaced by what their `getSnapshot()` reports.
function serialise(value: unknown): string {
  const stack = new WeakSet<object>()
  const walk = (item: unknown, depth: number): unknown => {
    // State nodes (in `machine`, `historyValue`) hold the machine's definition, no data.
    if (typeof item === 'object' && item !== null && 'machine' in item && 'config' in item) {
      return '[state node]'
    }
    if (typeof item === 'bigint' || typeof item === 'symbol') return String(item)
    if (typeof item !== 'object' || item === null || depth > 12) return item
    if (stack.has(item)) return '[cycle]'
    stack.add(item)
    try {
      if ('getSnapshot' in item && typeof item.getSnapshot === 'function') {
        return { snapshot: walk(snapshotOf(item as { getSnapshot(): unknown }), depth + 1) }
      }
      const source = 'toJSON' in item && typeof item.toJSON === 'function' ? item.toJSON() : item
      if (typeof source !== 'object' || source === null) return source
      const keys = new Set([...Object.keys(source), ...Object.keys(item)])
      return Object.fromEntries(
        [...keys].map((key) => [
          key,
          walk(
            (source as Record<string, unknown>)[key] ?? (item as Record<string, unknown>)[key],
            depth + 1,
          ),
        ]),
      )
    } finally {
      stack.delete(item)
    }
  }
  return JSON.stringify(walk(value, 0))
}

/** The forms a six-digit code may take in the stream. */
const formsOf = (code: string) => [
  code,
  `${code.slice(0, 3)} ${code.slice(3)}`,
  [...code].map((digit) => String.fromCharCode(0xff10 + Number(digit))).join(''),
  [...code].map((digit) => String.fromCharCode(0x0660 + Number(digit))).join(''),
]

function expectNoSecret(stream: string, secrets: string[]) {
  for (const secret of secrets) expect(stream, `the stream carries ${secret}`).not.toContain(secret)
}

describe('a code read by Web OTP never reaches the inspector', () => {
  afterEach(() => vi.unstubAllGlobals())

  test('through the reader, its events, its snapshot and the activation', async () => {
    vi.stubGlobal('OTPCredential', class {})
    vi.stubGlobal('navigator', { credentials: { get: async () => ({ code: '135790' }) } })
    const recorder = recordInspection()
    const server = createControllableClient()
    const actor = createOtpAuthActor({
      client: server.client,
      webOtp: createWebOtpReader(),
      inspect: recorder.inspect,
    }).start()
    actor.send({ type: 'identifier.submit', identifier: '+12025550123' })
    server.resolve('requestLoginOtp', { otpId: 'otp-1' })
    await flushRequests()
    await flushRequests()
    expect(actor.getSnapshot().value).toBe('activating')
    expect(server.calls.at(-1)?.input).toEqual({ otpId: 'otp-1', code: '135790' })
    const during = recorder.text()
    server.resolve('activateOtp', testAuthResult)
    await flushRequests()
    expect(actor.getSnapshot().value).toBe('authenticated')
    const types = recorder.events.map((event) => ('event' in event ? event.event.type : ''))
    expect(types).toContain('xstate.done.actor.readSmsCode')
    expectNoSecret(`${during}\n${recorder.text()}`, [
      ...formsOf('135790'),
      testAuthResult.authToken,
      String(testAuthResult.refreshToken),
    ])
    actor.stop()
  })
})

describe('codes typed with other digits', () => {
  // By hand: as people type or paste a code, and the six ASCII digits it is.
  const pasted: [string, string][] = [
    ['full-width', '１２３４５６'],
    ['Arabic-Indic', '١٢٣٤٥٦'],
    ['Eastern Arabic-Indic (Persian)', '۱۲۳۴۵۶'],
    ['full-width with an ideographic space', '１２３\u3000４５６'],
    ['en dash', '123\u2013456'],
    ['em dash', '123\u2014456'],
    ['non-breaking hyphen', '123\u2011456'],
    ['minus sign', '123\u2212456'],
    ['no-break space', '123\u00a0456'],
    ['zero-width space', '123\u200b456'],
    ['zero-width joiner', '12\u200d3456'],
    ['word joiner', '123\u2060456'],
    ['right-to-left mark around Arabic-Indic', '\u200f١٢٣ ٤٥٦\u200f'],
  ]
  const refused: [string, string][] = [
    ['superscripts', '¹²³⁴⁵⁶'],
    ['circled digits', '①②③④⑤⑥'],
    ['Devanagari digits', '१२३४५६'],
    ['a letter among full-width digits', '１２３a４５'],
    ['seven full-width digits', '１２３４５６７'],
    ['a dot', '123.456'],
    ['NUL', '123\u0000456'],
  ]

  test.each(pasted)('%s is the code 123456', (_, value) => {
    expect(isValidCodeFormat(value)).toBe(true)
    expect(normalizeCode(value)).toBe('123456')
  })

  test.each(pasted)('%s is activated as 123456', async (_, value) => {
    const flow = await atCodeStep()
    flow.actor.send({ type: 'code.submit', code: value })
    expect(flow.calls.at(-1)?.input).toEqual({ otpId: 'otp-1', code: '123456' })
  })

  test.each(refused)('%s is invalid_code_format with no request', async (_, value) => {
    expect(isValidCodeFormat(value)).toBe(false)
    const flow = await atCodeStep()
    flow.actor.send({ type: 'code.submit', code: value })
    expect(flow.actor.getSnapshot().context.error?.kind).toBe('invalid_code_format')
    expect(flow.calls).toHaveLength(1)
  })

  test('a full-width code is masked in the inspection stream', async () => {
    const recorder = recordInspection()
    const server = createControllableClient()
    const actor = createOtpAuthActor({ client: server.client, inspect: recorder.inspect }).start()
    actor.send({ type: 'identifier.submit', identifier: ADA })
    server.resolve('requestLoginOtp', { otpId: 'otp-1' })
    await flushRequests()
    actor.send({ type: 'code.submit', code: '２７１ ８２８' })
    actor.send({ type: 'code.submit', code: '٣١٤١٥٩' })
    expectNoSecret(recorder.text(), [...formsOf('271828'), '２７１ ８２８', ...formsOf('314159')])
    actor.stop()
  })
})

describe('a failed resend keeps the code step', () => {
  afterEach(() => vi.useRealTimers())

  /** In the code step with the resend allowed (no cooldown), time frozen for the countdowns. */
  async function readyToResend(input: OtpAuthInput = {}) {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: 1_800_000_000_000 })
    const flow = await atCodeStep({ resendCooldownMs: 0, ...input })
    vi.advanceTimersByTime(0)
    expect(flow.actor.getSnapshot().can({ type: 'code.resend' })).toBe(true)
    return flow
  }

  // By hand: the failures a resend meets, and the wait before the next one (Retry-After).
  const rateLimited = createOtpAuthError('rate_limited', { status: 429, retryAfterMs: 23_000 })
  const failures: [string, ReturnType<typeof createOtpAuthError>, number][] = [
    ['429 with Retry-After 23 s', rateLimited, 23],
    ['429 without Retry-After', createOtpAuthError('rate_limited', { status: 429 }), 0],
    ['503', createOtpAuthError('server', { status: 503 }), 0],
    ['a timeout', createOtpAuthError('timeout'), 0],
  ]

  test.each(failures)('%s: the old code can still be submitted', async (_, error, seconds) => {
    const flow = await readyToResend()
    flow.actor.send({ type: 'code.resend' })
    flow.reject('requestLoginOtp', error)
    await flushRequests()
    const view = selectOtpAuthView(flow.actor.getSnapshot())
    expect(view.step).toBe('awaitingCode')
    expect(view.resendError?.kind).toBe(error.kind)
    expect(view.error).toBeNull()
    expect(selectSecondsUntilResend(flow.actor.getSnapshot())).toBe(seconds)
    expect(view.canResend).toBe(seconds === 0)
    flow.actor.send({ type: 'code.submit', code: '123456' })
    expect(flow.calls.at(-1)).toMatchObject({
      name: 'activateOtp',
      input: { otpId: 'otp-1', code: '123456' },
    })
  })

  test('resend is offered again once Retry-After has passed, and a new send clears the error', async () => {
    const flow = await readyToResend()
    flow.actor.send({ type: 'code.resend' })
    flow.reject('requestLoginOtp', rateLimited)
    await flushRequests()
    vi.advanceTimersByTime(22_999)
    expect(flow.actor.getSnapshot().can({ type: 'code.resend' })).toBe(false)
    vi.advanceTimersByTime(1)
    expect(selectOtpAuthView(flow.actor.getSnapshot()).canResend).toBe(true)
    flow.actor.send({ type: 'code.resend' })
    flow.resolve('requestLoginOtp', { otpId: 'otp-2' })
    await flushRequests()
    const view = selectOtpAuthView(flow.actor.getSnapshot())
    expect(view.resendError).toBeNull()
    expect(flow.actor.getSnapshot().context.otpId).toBe('otp-2')
  })

  test('a locked code stays locked after a failed resend', async () => {
    const flow = await readyToResend({ maxAttempts: 1 })
    flow.actor.send({ type: 'code.submit', code: '000000' })
    flow.reject('activateOtp', createOtpAuthError('invalid_or_expired_code', { status: 400 }))
    await flushRequests()
    expect(selectOtpAuthView(flow.actor.getSnapshot()).isLocked).toBe(true)
    flow.actor.send({ type: 'code.resend' })
    flow.reject('requestLoginOtp', createOtpAuthError('server', { status: 503 }))
    await flushRequests()
    const view = selectOtpAuthView(flow.actor.getSnapshot())
    expect(view.isLocked).toBe(true)
    expect(view.error?.kind).toBe('too_many_attempts')
    expect(view.resendError?.kind).toBe('server')
    expect(view.canResend).toBe(true)
  })

  test('flow.cancel during a resend returns to the code step and keeps the saved flow', async () => {
    const storage = createMemoryStorage()
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: 1_800_000_000_000 })
    const server = createControllableClient()
    const actor = createOtpAuthActor({
      client: server.client,
      input: { resendCooldownMs: 0 },
      persist: createFlowPersistence({ storage }),
    }).start()
    await flushRequests()
    actor.send({ type: 'identifier.submit', identifier: ADA })
    server.resolve('requestLoginOtp', { otpId: 'otp-1' })
    await flushRequests()
    vi.advanceTimersByTime(0)
    const saved = storage.getItem(DEFAULT_PERSIST_KEY)
    expect(saved).toContain('otp-1')
    actor.send({ type: 'code.resend' })
    actor.send({ type: 'flow.cancel' })
    await flushRequests()
    const snapshot = actor.getSnapshot()
    expect(selectStep(snapshot)).toBe('awaitingCode')
    expect(snapshot.context.otpId).toBe('otp-1')
    expect(snapshot.can({ type: 'code.resend' })).toBe(true)
    expect(storage.getItem(DEFAULT_PERSIST_KEY)).toBe(saved)
    actor.stop()
  })

  test('cancelling a first send still goes back to the form', () => {
    const flow = startFlow()
    flow.actor.send({ type: 'identifier.submit', identifier: ADA })
    flow.actor.send({ type: 'flow.cancel' })
    expect(flow.actor.getSnapshot().value).toBe('idle')
  })
})

describe('the code lives no longer than the request that needs it', () => {
  /** In `activating` with the code 123456 in flight. */
  async function activating() {
    const flow = await atCodeStep()
    flow.actor.send({ type: 'code.submit', code: '123 456' })
    expect(flow.actor.getSnapshot().context.code).toBe('123456')
    return flow
  }
  const codeIn = (flow: Awaited<ReturnType<typeof activating>>) =>
    flow.actor.getSnapshot().context.code

  test('flow.cancel during activation forgets the code', async () => {
    const flow = await activating()
    flow.actor.send({ type: 'flow.cancel' })
    expect(selectStep(flow.actor.getSnapshot())).toBe('awaitingCode')
    expect(codeIn(flow)).toBeNull()
  })

  test('a retryable activation failure keeps it for flow.retry, and only until the error is left', async () => {
    const flow = await activating()
    flow.reject('activateOtp', createOtpAuthError('server', { status: 503 }))
    await flushRequests()
    expect(codeIn(flow)).toBe('123456')
    flow.actor.send({ type: 'flow.retry' })
    expect(flow.calls.at(-1)?.input).toEqual({ otpId: 'otp-1', code: '123456' })
    flow.actor.send({ type: 'flow.cancel' })
    expect(codeIn(flow)).toBeNull()
  })

  test.each([
    ['identifier.change', { type: 'identifier.change' }],
    ['flow.reset', { type: 'flow.reset' }],
  ] as const)('leaving the error by %s forgets it', async (_, event) => {
    const flow = await activating()
    flow.reject('activateOtp', createOtpAuthError('timeout'))
    await flushRequests()
    flow.actor.send(event)
    expect(codeIn(flow)).toBeNull()
  })

  test('an activation failure that no retry can mend forgets it at once', async () => {
    const flow = await activating()
    flow.reject('activateOtp', createOtpAuthError('user_inactive', { status: 403 }))
    await flushRequests()
    expect(flow.actor.getSnapshot().matches('error')).toBe(true)
    expect(codeIn(flow)).toBeNull()
  })
})

describe('locked means no attempts left', () => {
  test('the server locks after 3 tries while the client allows 5', async () => {
    const flow = await atCodeStep({ maxAttempts: 5 })
    const wrong = createOtpAuthError('invalid_or_expired_code', { status: 400 })
    for (const _ of [1, 2]) {
      flow.actor.send({ type: 'code.submit', code: '000000' })
      flow.reject('activateOtp', wrong)
      await flushRequests()
    }
    flow.actor.send({ type: 'code.submit', code: '000000' })
    flow.reject(
      'activateOtp',
      createOtpAuthError('too_many_attempts', { status: 401, code: 'exceeded_attempts' }),
    )
    await flushRequests()
    const view = selectOtpAuthView(flow.actor.getSnapshot())
    expect(view.isLocked).toBe(true)
    expect(view.attemptsRemaining).toBe(0)
  })

  test('a locked code restored after a reload has no attempts left', () => {
    const flow = startFlow({ maxAttempts: 5 })
    flow.actor.send({
      type: 'flow.restore',
      saved: { ...savedCodeStep, attempts: 3, locked: true },
    })
    const view = selectOtpAuthView(flow.actor.getSnapshot())
    expect(view.isLocked).toBe(true)
    expect(view.attemptsRemaining).toBe(0)
  })
})

describe('an empty or invalid language falls back to the configured one', () => {
  test.each([
    ['empty', ''],
    ['blank', '  '],
    ['not a language tag', 'deutsch!'],
    ['underscore form', 'de_DE'],
  ])('%s', async (_, language) => {
    const flow = startFlow({ language: 'fr' })
    flow.actor.send({ type: 'identifier.submit', identifier: ADA, language })
    expect(flow.calls.at(-1)?.input).toEqual({ identifier: ADA, language: 'fr' })
    expect(flow.actor.getSnapshot().context.language).toBe('fr')
  })

  test('a valid one is used as given', () => {
    const flow = startFlow({ language: 'fr' })
    flow.actor.send({ type: 'identifier.submit', identifier: ADA, language: 'pt-BR' })
    expect(flow.calls.at(-1)?.input).toEqual({ identifier: ADA, language: 'pt-BR' })
  })

  test('an invalid configured language is left out too', () => {
    const flow = startFlow({ language: '' })
    flow.actor.send({ type: 'identifier.submit', identifier: ADA, language: 'xx_YY' })
    expect(flow.calls.at(-1)?.input).toEqual({ identifier: ADA, language: undefined })
  })

  test('with no configured language, an empty one is left out', () => {
    const flow = startFlow()
    flow.actor.send({ type: 'identifier.submit', identifier: ADA, language: '' })
    expect(flow.calls.at(-1)?.input).toEqual({ identifier: ADA, language: undefined })
  })
})

describe('malformed events from JavaScript change nothing', () => {
  afterEach(() => vi.restoreAllMocks())

  // Events as a JavaScript caller could send them, past the types.
  const asEvent = (event: object) => event as OtpAuthEvent

  test.each([
    ['an unknown intent', { type: 'identifier.submit', identifier: ADA, intent: 'hack' }],
    ['an identifier that is no string', { type: 'identifier.submit', identifier: 42 }],
    ['a language that is no string', { type: 'identifier.submit', identifier: ADA, language: 7 }],
  ])('identifier.submit with %s', (_, event) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const flow = startFlow()
    const before = flow.actor.getSnapshot()
    flow.actor.send(asEvent(event))
    const after = flow.actor.getSnapshot()
    expect(after.value).toBe('idle')
    expect(after.context).toEqual(before.context)
    expect(flow.calls).toHaveLength(0)
    expect(warn).toHaveBeenCalledOnce()
    expect(String(warn.mock.calls[0]?.[0])).toContain('identifier.submit')
  })

  test.each([
    ['a number', 123456],
    ['null', null],
    ['an array', ['123456']],
  ])('code.submit with %s', async (_, code) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const flow = await atCodeStep()
    const before = flow.actor.getSnapshot()
    flow.actor.send(asEvent({ type: 'code.submit', code }))
    const after = flow.actor.getSnapshot()
    expect(after.value).toEqual(before.value)
    expect(after.context).toEqual(before.context)
    expect(flow.calls).toHaveLength(1)
  })

  const saved = savedCodeStep
  test.each([
    ['an intent outside login, register, auto', { ...saved, intent: 'hack' }],
    ['an empty otpId', { ...saved, otpId: '' }],
    ['an otpId that is no string', { ...saved, otpId: 42 }],
    ['negative attempts', { ...saved, attempts: -1 }],
    ['an identifier that is not normalised', { ...saved, identifier: ' ADA@example.com' }],
    ['another version', { ...saved, version: 2 }],
    ['no saved flow at all', undefined],
  ])('flow.restore with %s', (_, forged) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const flow = startFlow()
    const before = flow.actor.getSnapshot()
    flow.actor.send(asEvent({ type: 'flow.restore', saved: forged }))
    const after = flow.actor.getSnapshot()
    expect(after.value).toBe('idle')
    expect(after.context).toEqual(before.context)
  })

  test('the same mistake warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const flow = startFlow()
    for (const _ of [1, 2, 3]) {
      flow.actor.send(asEvent({ type: 'identifier.submit', identifier: ADA, intent: 'sometimes' }))
    }
    expect(warn).toHaveBeenCalledTimes(1)
  })

  test('no warning in production', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    // Each malformed event where it is accepted: code.submit on the code form, the other in idle.
    const coding = await atCodeStep()
    coding.actor.send(asEvent({ type: 'code.submit', code: 1 }))
    expect(selectStep(coding.actor.getSnapshot())).toBe('awaitingCode')
    const flow = startFlow()
    flow.actor.send(asEvent({ type: 'identifier.submit', identifier: ADA, intent: 'prod' }))
    expect(flow.actor.getSnapshot().value).toBe('idle')
    expect(warn).not.toHaveBeenCalled()
    vi.unstubAllEnvs()
  })
})

describe('the commands send only the events they name', () => {
  test('submitIdentifier options cannot replace the event or its identifier', () => {
    const sent: unknown[] = []
    const commands = createOtpAuthCommands({
      send: (event) => sent.push(event),
      getSnapshot: () => {
        throw new Error('submitIdentifier reads no snapshot')
      },
    })
    const options = { intent: 'register', type: 'flow.reset', identifier: 'eve@example.com' }
    commands.submitIdentifier(ADA, options as SubmitIdentifierOptions)
    expect(sent).toEqual([
      { type: 'identifier.submit', identifier: ADA, intent: 'register', language: undefined },
    ])
  })
})

// Regression tests for holes found by driving the library from outside: each failed before its
// fix. Expected values come from the words and hand-written tables, not from the code.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createActor, type InspectionEvent } from 'xstate'
import { createOtpAuthActor, createOtpAuthLogic } from '../src/actor'
import { isValidCodeFormat, normalizeCode } from '../src/code'
import { createOtpAuthError, isRetryableError, type OtpAuthErrorKind } from '../src/errors'
import type { OtpAuthInput } from '../src/machine'
import { selectOtpAuthView } from '../src/selectors'
import { createControllableClient, flushRequests, testAuthResult } from '../src/testing'

const ADA = 'ada@example.com'

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
      webOtp: true,
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

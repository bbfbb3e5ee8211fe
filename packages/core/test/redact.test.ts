import { describe, expect, test } from 'vitest'
import type { InspectionEvent } from 'xstate'
import { createOtpAuthActor } from '../src/actor'
import { createOtpAuthError } from '../src/errors'
import { REDACTED, type RedactOptions, redactInspectionEvent, redactInspector } from '../src/redact'
import { createControllableClient, flushRequests, testAuthResult } from '../src/testing'

async function recordFlow(redact?: { identifiers?: boolean }) {
  const stream: string[] = []
  const client = createControllableClient()
  const inspect = (event: InspectionEvent) => stream.push(JSON.stringify(event, skipActorRefs))
  const actor = createOtpAuthActor({ client: client.client, inspect, redact }).start()
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  client.reject('requestLoginOtp', createOtpAuthError('network'))
  await flushRequests()
  actor.send({ type: 'flow.retry' })
  client.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  actor.send({ type: 'code.submit', code: '314 159' })
  client.resolve('activateOtp', testAuthResult)
  await flushRequests()
  expect(actor.getSnapshot().value).toBe('authenticated')
  actor.stop()
  return stream.join('\n')
}

// Actor refs are cyclic; the inspector serialises them by id.
function skipActorRefs(key: string, value: unknown) {
  return key === 'actorRef' || key === 'sourceRef' || key === '_transitions' ? undefined : value
}

test('the inspection stream never carries the code or the tokens', async () => {
  const stream = await recordFlow()
  expect(stream).toContain(REDACTED)
  expect(stream).not.toMatch(/314 ?159/)
  expect(stream).not.toContain(testAuthResult.authToken)
  expect(stream).not.toContain(String(testAuthResult.refreshToken))
  expect(stream).toContain('ada@example.com')
  expect(stream).toContain('"kind":"network"')
})

test('identifiers are masked too when asked', async () => {
  const stream = await recordFlow({ identifiers: true })
  expect(stream).not.toContain('ada@example.com')
  expect(stream).not.toMatch(/314 ?159/)
})

test('actor refs handed to the inspector report masked snapshots when read later', async () => {
  const refs: { getSnapshot(): unknown }[] = []
  const client = createControllableClient()
  const actor = createOtpAuthActor({
    client: client.client,
    inspect: (event) => {
      if (event.type === '@xstate.actor') refs.push(event.actorRef)
    },
  }).start()
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  client.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  actor.send({ type: 'code.submit', code: '271828' })
  // The activation request's input holds the code while it runs.
  const seen = refs.map((ref) => JSON.stringify(ref.getSnapshot(), skipActorRefs)).join('\n')
  expect(refs.length).toBeGreaterThan(2)
  expect(seen).toContain('otp-1')
  expect(seen).not.toContain('271828')
  actor.stop()
})

// One inspection event at a time, built by hand: what the docs' inspector guide promises
// ("Redaction: codes and tokens never reach it"), case by case.
describe('redactInspectionEvent', () => {
  const ref = (snapshot: unknown) => ({ id: 'child', send() {}, getSnapshot: () => snapshot })
  const eventCarrying = (event: object) =>
    ({ type: '@xstate.event', rootId: 'x', event }) as unknown as InspectionEvent
  /** The masked copy of `event.event` of an `@xstate.event` carrying `payload`. */
  const masked = (payload: object, options?: RedactOptions) =>
    (redactInspectionEvent(eventCarrying(payload), options) as { event: unknown }).event

  test.each([
    ['six digits', '123456', REDACTED],
    ['digits with a space', '314 159', REDACTED],
    ['Arabic-Indic digits', '١٢٣٤٥٦', REDACTED],
    ['a number', 123456, REDACTED],
    ['NaN, a number too', Number.NaN, REDACTED],
    ['letters after digits', '123abc', REDACTED],
    ['digits after letters', 'abc123', REDACTED],
    ['an API error code', 'user_not_found', 'user_not_found'],
    ['an API error code of two words', 'exceeded_attempts', 'exceeded_attempts'],
    ['an API error code of one word', 'unauthorized', 'unauthorized'],
    ['an empty string', '', ''],
    ['null', null, null],
    ['undefined', undefined, undefined],
  ])('under `code`, %s → %j', (_, code, expected) => {
    expect(masked({ type: 'code.submit', code })).toEqual({ type: 'code.submit', code: expected })
  })

  test('an object under `code` is searched, not replaced', () => {
    expect(masked({ code: { otp: '123456', otp_id: 'otp-1' } })).toEqual({
      code: { otp: REDACTED, otp_id: 'otp-1' },
    })
  })

  test('each token key is masked; an empty or missing token, and other keys, stay', () => {
    const tokens = { authToken: 'a', refreshToken: 'r', auth_token: 'a', refresh_token: 'r' }
    expect(masked({ ...tokens, otp: '123456', otpId: 'otp-1', intent: 'login' })).toEqual({
      authToken: REDACTED,
      refreshToken: REDACTED,
      auth_token: REDACTED,
      refresh_token: REDACTED,
      otp: REDACTED,
      otpId: 'otp-1',
      intent: 'login',
    })
    expect(masked({ authToken: '', refreshToken: null, otp: undefined })).toEqual({
      authToken: '',
      refreshToken: null,
      otp: undefined,
    })
  })

  test('identifiers are masked only when asked, and nothing else with them', () => {
    const payload = { identifier: 'ada@example.com', intent: 'login', otpId: 'otp-1' }
    expect(masked(payload)).toEqual(payload)
    expect(masked(payload, { identifiers: false })).toEqual(payload)
    expect(masked(payload, { identifiers: true })).toEqual({ ...payload, identifier: REDACTED })
    expect(masked({ identifier: '' }, { identifiers: true })).toEqual({ identifier: '' })
  })

  test('secrets are found in arrays and in objects eight properties deep', () => {
    // payload.deep.level.level.level.level.level.level.level: the eighth object down.
    let deep: object = { authToken: 't', kept: 'k' }
    for (let level = 0; level < 7; level++) deep = { level: deep }
    let expected: object = { authToken: REDACTED, kept: 'k' }
    for (let level = 0; level < 7; level++) expected = { level: expected }
    const result = masked({ list: [{ otp: '1' }, 'plain', [{ refreshToken: 'r' }]], deep })
    expect(result).toEqual({
      list: [{ otp: REDACTED }, 'plain', [{ refreshToken: REDACTED }]],
      deep: expected,
    })
    expect(Array.isArray((result as { list: unknown }).list)).toBe(true)
  })

  test('a value that refers to itself is masked without hanging', () => {
    const cyclic: Record<string, unknown> = { authToken: 't' }
    cyclic.self = cyclic
    const list: unknown[] = [{ otp: '1' }]
    list.push(list)
    const result = masked({ cyclic, list }) as { cyclic: { authToken: unknown }; list: unknown[] }
    expect(result.cyclic.authToken).toBe(REDACTED)
    expect(result.list[0]).toEqual({ otp: REDACTED })
  })

  test('class instances: masked through toJSON when they have one, else passed as they are', () => {
    class WithJson {
      toJSON() {
        return { kind: 'server', refreshToken: 'r' }
      }
    }
    class Opaque {
      authToken = 't'
    }
    const opaque = new Opaque()
    const date = new Date(0)
    const notCallable = Object.assign(new Opaque(), { toJSON: 'not a function' })
    const result = masked({ error: new WithJson(), opaque, date, notCallable }) as Record<
      string,
      unknown
    >
    expect(result.error).toEqual({ kind: 'server', refreshToken: REDACTED })
    expect(result.opaque).toBe(opaque)
    expect(result.date).toBe(date)
    expect(result.notCallable).toBe(notCallable)
  })

  test('a snapshot: its data masked, its prototype, other fields and children kept', () => {
    class Snapshot {
      toJSON() {
        return { status: this.status }
      }
      status = 'active'
      context = { code: '123456', authResult: { authToken: 't' } }
      input = { otp: '654321' }
      output = { refreshToken: 'r' }
      error = { auth_token: 'a' }
      children = {
        request: ref({ input: { otp: '111111' } }),
        other: 'not a ref',
        none: null,
        plain: { id: 'no getSnapshot' },
      }
    }
    const snapshot = new Snapshot()
    const event = { type: '@xstate.snapshot', rootId: 'x', snapshot, event: { type: 'x' } }
    const copy = (
      redactInspectionEvent(event as unknown as InspectionEvent) as unknown as typeof event
    ).snapshot as Snapshot
    expect(Object.getPrototypeOf(copy)).toBe(Snapshot.prototype)
    expect(copy.toJSON()).toEqual({ status: 'active' })
    expect(copy.context).toEqual({ code: REDACTED, authResult: { authToken: REDACTED } })
    expect(copy.input).toEqual({ otp: REDACTED })
    expect(copy.output).toEqual({ refreshToken: REDACTED })
    expect(copy.error).toEqual({ auth_token: REDACTED })
    expect(copy.children.request.getSnapshot()).toEqual({ input: { otp: REDACTED } })
    expect(copy.children.request.id).toBe('child')
    expect(copy.children.other).toBe('not a ref')
    expect(copy.children.none).toBeNull()
    expect(copy.children.plain).toBe(snapshot.children.plain)
    // The flow runs on the originals.
    expect(snapshot.context.code).toBe('123456')
    expect(snapshot.children.request.getSnapshot()).toEqual({ input: { otp: '111111' } })
  })

  test.each([
    ['a machine snapshot', { status: 'active', context: { otp: '1' } }, ['context', 'status']],
    [
      'a promise snapshot',
      { status: 'done', input: {}, output: {} },
      ['input', 'output', 'status'],
    ],
    ['children that are null', { status: 'active', children: null }, ['children', 'status']],
  ])('%s keeps exactly its own fields', (_, snapshot, keys) => {
    const event = { type: '@xstate.snapshot', rootId: 'x', snapshot, event: { type: 'x' } }
    const copy = (
      redactInspectionEvent(event as unknown as InspectionEvent) as unknown as typeof event
    ).snapshot
    expect(Object.keys(copy).sort()).toEqual(keys)
    expect(copy).toEqual({
      ...snapshot,
      ...('context' in snapshot ? { context: { otp: REDACTED } } : {}),
    })
  })

  test('a snapshot that is not an object passes as it is', () => {
    for (const snapshot of [null, undefined, 'done']) {
      const event = { type: '@xstate.snapshot', rootId: 'x', snapshot, event: { type: 'x' } }
      expect(redactInspectionEvent(event as unknown as InspectionEvent)).toEqual(event)
    }
  })

  test('an actor event: the same fields, its actor ref reporting masked snapshots', () => {
    const actorRef = ref({ context: { refreshToken: 'r' } })
    const event = { type: '@xstate.actor', rootId: 'x', actorRef }
    const result = redactInspectionEvent(
      event as unknown as InspectionEvent,
    ) as unknown as typeof event
    expect(Object.keys(result).sort()).toEqual(['actorRef', 'rootId', 'type'])
    expect(result.actorRef).not.toBe(actorRef)
    expect(result.actorRef.id).toBe('child')
    expect(result.actorRef.getSnapshot()).toEqual({ context: { refreshToken: REDACTED } })
    expect(actorRef.getSnapshot()).toEqual({ context: { refreshToken: 'r' } })
  })

  test('an event: its source ref and its target ref report masked snapshots', () => {
    const sourceRef = ref({ context: { authToken: 't' } })
    const actorRef = ref({ context: { otp: '123456' } })
    const event = { type: '@xstate.event', rootId: 'x', event: { type: 'x' }, sourceRef, actorRef }
    const result = redactInspectionEvent(
      event as unknown as InspectionEvent,
    ) as unknown as typeof event
    expect(result.sourceRef.getSnapshot()).toEqual({ context: { authToken: REDACTED } })
    expect(result.actorRef.getSnapshot()).toEqual({ context: { otp: REDACTED } })
  })

  test('an action event: the action kept, its params masked', () => {
    const action = { type: 'storeCode', params: { code: '123456', intent: 'login' } }
    const event = { type: '@xstate.action', rootId: 'x', actorRef: ref({}), action }
    const result = redactInspectionEvent(
      event as unknown as InspectionEvent,
    ) as unknown as typeof event
    expect(result.action).toEqual({
      type: 'storeCode',
      params: { code: REDACTED, intent: 'login' },
    })
    expect(action.params.code).toBe('123456')
  })
})

describe('redactInspector', () => {
  const event = {
    type: '@xstate.event',
    rootId: 'x',
    event: { type: 'code.submit', code: '123456' },
  } as unknown as InspectionEvent
  const maskedEvent = { ...event, event: { type: 'code.submit', code: REDACTED } }

  test('wraps a function', () => {
    const seen: InspectionEvent[] = []
    redactInspector((e) => seen.push(e))(event)
    expect(seen).toEqual([maskedEvent])
  })

  test('wraps an observer, calling its next with the observer as `this`', () => {
    const observer = {
      seen: [] as InspectionEvent[],
      next(e: InspectionEvent) {
        this.seen.push(e)
      },
    }
    redactInspector(observer)(event)
    expect(observer.seen).toEqual([maskedEvent])
  })

  test('an observer without next is fine', () => {
    expect(redactInspector({ complete() {} })(event)).toBeUndefined()
  })
})

import {
  createOtpAuthActor,
  createOtpAuthLogic,
  REDACTED,
  redactInspectionEvent,
} from '@passage-otp/core'
import { createDevServer, type DevServer } from '@passage-otp/dev-server'
import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { type AnyActorRef, createActor, type InspectionEvent } from 'xstate'

// The examples pass `createBrowserInspector().inspect` as it is: the core's `inspect` option does
// the masking. These tests hold the core to that through the real Stately inspector pipeline.

/** Everything an inspector could show of an event, as text (actor refs through their snapshot). */
function reachableText(value: unknown): string {
  const seen = new WeakSet<object>()
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'object' || item === null) return item
    if (seen.has(item)) return '[seen]'
    seen.add(item)
    const ref = item as { getSnapshot?: () => unknown }
    return typeof ref.getSnapshot === 'function' ? { snapshot: ref.getSnapshot() } : item
  })
}

/** Hand-made inspection events: only the fields redaction reads. */
const inspectionEvent = (event: Record<string, unknown>) => event as unknown as InspectionEvent
const fieldOf = (event: InspectionEvent, key: string) =>
  (event as unknown as Record<string, unknown>)[key]

describe('redactInspectionEvent from @passage-otp/core', () => {
  test('masks the code of code.submit and leaves other events alone', () => {
    const submitted = { type: '@xstate.event', event: { type: 'code.submit', code: '123 456' } }
    const other = {
      type: '@xstate.event',
      event: { type: 'identifier.submit', identifier: 'a@b.c' },
    }
    expect(fieldOf(redactInspectionEvent(inspectionEvent(submitted)), 'event')).toEqual({
      type: 'code.submit',
      code: REDACTED,
    })
    expect(fieldOf(redactInspectionEvent(inspectionEvent(other)), 'event')).toEqual(other.event)
    expect(submitted.event.code).toBe('123 456')
  })

  test('masks the context code and tokens but keeps API error codes and empty fields', () => {
    const context = {
      otpId: 'otp_1',
      code: '123456',
      error: { kind: 'user_not_found', code: 'user_not_found' },
      authResult: { authToken: 'a.b.c', refreshToken: 'refresh', redirectUrl: '/' },
    }
    const snapshotEvent = (data: object) =>
      fieldOf(
        redactInspectionEvent(inspectionEvent({ type: '@xstate.snapshot', snapshot: data })),
        'snapshot',
      )
    expect(snapshotEvent({ status: 'active', context })).toEqual({
      status: 'active',
      context: {
        otpId: 'otp_1',
        code: REDACTED,
        error: { kind: 'user_not_found', code: 'user_not_found' },
        authResult: { authToken: REDACTED, refreshToken: REDACTED, redirectUrl: '/' },
      },
    })
    expect(context.authResult.authToken).toBe('a.b.c')
    const empty = { otpId: null, code: null, authResult: null }
    expect(snapshotEvent({ context: empty })).toEqual({ context: empty })
  })

  test('reports redacted snapshots through actor refs and keeps their other fields', () => {
    const actorRef = {
      id: 'activateOtp',
      sessionId: 'x:1',
      getSnapshot: () => ({ status: 'active', input: { otpId: 'otp_1', code: '123456' } }),
    }
    const copy = fieldOf(
      redactInspectionEvent(inspectionEvent({ type: '@xstate.actor', actorRef })),
      'actorRef',
    ) as typeof actorRef
    expect(copy.getSnapshot()).toEqual({
      status: 'active',
      input: { otpId: 'otp_1', code: REDACTED },
    })
    expect([copy.id, copy.sessionId]).toEqual(['activateOtp', 'x:1'])
    expect(actorRef.getSnapshot().input.code).toBe('123456')
  })

  test('masks identifiers only when asked', () => {
    const submitted = inspectionEvent({
      type: '@xstate.event',
      event: { type: 'identifier.submit', identifier: 'a@b.c' },
    })
    expect(fieldOf(redactInspectionEvent(submitted), 'event')).toMatchObject({
      identifier: 'a@b.c',
    })
    expect(fieldOf(redactInspectionEvent(submitted, { identifiers: true }), 'event')).toEqual({
      type: 'identifier.submit',
      identifier: REDACTED,
    })
  })
})

describe('a real flow through the Stately inspector pipeline', () => {
  let server: DevServer
  beforeAll(async () => {
    server = await createDevServer({ logger: false, ipRateLimit: false })
  })
  afterAll(() => server.close())

  /** Logs in with a code pasted as "123 456"; returns the secrets the flow handled. */
  async function logIn(actor: AnyActorRef, identifier: string) {
    server.users.set(identifier, 'active')
    actor.start()
    actor.send({ type: 'identifier.submit', identifier })
    await vi.waitFor(() => expect(actor.getSnapshot().value).toHaveProperty('awaitingCode'), {
      timeout: 10_000,
    })
    const code = server.outbox.latest(identifier)?.code ?? ''
    const spaced = `${code.slice(0, 3)} ${code.slice(3)}`
    actor.send({ type: 'code.submit', code: spaced })
    await vi.waitFor(() => expect(actor.getSnapshot().value).toBe('authenticated'), {
      timeout: 10_000,
    })
    const { authToken, refreshToken } = actor.getSnapshot().context.authResult
    actor.stop()
    const secrets: string[] = [code, spaced, authToken, refreshToken]
    expect(secrets.every((secret) => typeof secret === 'string' && secret.length >= 6)).toBe(true)
    return secrets
  }

  /**
   * An inspector whose adapter keeps what it would send to the Stately inspector. It converts
   * events when the thread is idle, reading `actorRef.getSnapshot()` only then.
   */
  function recordingInspector() {
    const sent: StatelyInspectionEvent[] = []
    const inspector = createInspector({ send: (event) => sent.push(event) })
    const settled = () =>
      vi.waitFor(() =>
        expect(
          sent.some(
            (e) =>
              e.type === '@xstate.snapshot' &&
              (e.snapshot as { value?: unknown }).value === 'authenticated',
          ),
        ).toBe(true),
      )
    return { inspector, sent, settled }
  }

  test('createOtpAuthActor with the inspector as it is lets no code or token through', async () => {
    const identifier = 'inspected@example.com'
    const { inspector, sent, settled } = recordingInspector()
    const actor = createOtpAuthActor({
      appId: server.appId,
      baseURL: server.baseURL,
      inspect: inspector.inspect,
    })
    const secrets = await logIn(actor, identifier)
    await settled()

    // The activation request's actor was read after it had run with the code as its input.
    expect(sent.some((e) => e.type === '@xstate.actor' && e.name === 'activateOtp')).toBe(true)
    const shown = reachableText(sent)
    for (const secret of secrets) expect(shown).not.toContain(secret)
    expect(shown).toContain(REDACTED)
    expect(shown).toContain(identifier)
    expect(shown).toContain('"redirectUrl":"/"')
  })

  test('`redact: { identifiers: true }` hides the email address as well', async () => {
    const identifier = 'private@example.com'
    const { inspector, sent, settled } = recordingInspector()
    const actor = createOtpAuthActor({
      appId: server.appId,
      baseURL: server.baseURL,
      inspect: inspector.inspect,
      redact: { identifiers: true },
    })
    const secrets = await logIn(actor, identifier)
    await settled()

    const shown = reachableText(sent)
    for (const secret of [...secrets, identifier]) expect(shown).not.toContain(secret)
    expect(shown).toContain('"redirectUrl":"/"')
  })

  test('masking events but not actor refs leaks the code, so the tests above can fail', async () => {
    const { inspector, sent, settled } = recordingInspector()
    const actor = createActor(
      createOtpAuthLogic({ appId: server.appId, baseURL: server.baseURL }),
      {
        input: undefined,
        // Events and snapshots masked, actor refs handed on as they are.
        inspect: (event) => {
          const masked = redactInspectionEvent(event)
          inspector.inspect.next?.(
            'actorRef' in event
              ? ({ ...masked, actorRef: event.actorRef } as typeof event)
              : masked,
          )
        },
      },
    )
    const [code, spaced] = await logIn(actor, 'refs@example.com')
    await settled()

    const shown = reachableText(sent)
    // The activation request's input, read from its actor ref after the event was masked.
    expect(shown).toContain(`"code":"${code}"`)
    // The event itself was masked: the code as pasted stays hidden.
    expect(shown).not.toContain(spaced)
  })

  test('without redaction the same pipeline shows them all', async () => {
    const { inspector, sent, settled } = recordingInspector()
    // Straight from xstate, past the redaction that `createOtpAuthActor` does.
    const logic = createOtpAuthLogic({ appId: server.appId, baseURL: server.baseURL })
    const actor = createActor(logic, { input: undefined, inspect: inspector.inspect })
    const secrets = await logIn(actor, 'uninspected@example.com')
    await settled()

    const shown = reachableText(sent)
    for (const secret of secrets) expect(shown).toContain(secret)
  })
})

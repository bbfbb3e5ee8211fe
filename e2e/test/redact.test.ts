import { createOtpAuthActor, createOtpAuthLogic } from '@passage-otp/core'
import { createDevServer, type DevServer } from '@passage-otp/dev-server'
import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { type AnyActorRef, createActor } from 'xstate'
import { REDACTED, redact, redactInspectionEvent } from '../../examples/shared/redact'

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

describe('redactInspectionEvent', () => {
  test('masks the code of code.submit and leaves other events alone', () => {
    const submitted = { type: '@xstate.event', event: { type: 'code.submit', code: '123 456' } }
    const other = {
      type: '@xstate.event',
      event: { type: 'identifier.submit', identifier: 'a@b.c' },
    }
    expect(redactInspectionEvent(submitted).event).toEqual({ type: 'code.submit', code: REDACTED })
    expect(redactInspectionEvent(other).event).toEqual(other.event)
    expect(submitted.event.code).toBe('123 456')
  })

  test('masks the context code and tokens but keeps error codes and empty fields', () => {
    const context = {
      otpId: 'otp_1',
      code: '123456',
      error: { kind: 'user_not_found', code: 'user_not_found' },
      authResult: { authToken: 'a.b.c', refreshToken: 'refresh', redirectUrl: '/' },
    }
    expect(redact({ context })).toEqual({
      context: {
        otpId: 'otp_1',
        code: REDACTED,
        error: { kind: 'user_not_found', code: 'user_not_found' },
        authResult: { authToken: REDACTED, refreshToken: REDACTED, redirectUrl: '/' },
      },
    })
    expect(redact({ otpId: null, code: null, authResult: null })).toEqual({
      otpId: null,
      code: null,
      authResult: null,
    })
  })

  test('reports redacted snapshots through actor refs and keeps their other fields', () => {
    const actorRef = {
      id: 'activateOtp',
      sessionId: 'x:1',
      getSnapshot: () => ({ status: 'active', input: { otpId: 'otp_1', code: '123456' } }),
    }
    const copy = redactInspectionEvent({ type: '@xstate.actor', actorRef })
    expect(copy.actorRef.getSnapshot()).toEqual({
      status: 'active',
      input: { otpId: 'otp_1', code: REDACTED },
    })
    expect([copy.actorRef.id, copy.actorRef.sessionId]).toEqual(['activateOtp', 'x:1'])
    expect(actorRef.getSnapshot().input.code).toBe('123456')
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
    await vi.waitFor(() => expect(actor.getSnapshot().value).toHaveProperty('awaitingCode'))
    const code = server.outbox.latest(identifier)?.code ?? ''
    const spaced = `${code.slice(0, 3)} ${code.slice(3)}`
    actor.send({ type: 'code.submit', code: spaced })
    await vi.waitFor(() => expect(actor.getSnapshot().value).toBe('authenticated'))
    const { authToken, refreshToken } = actor.getSnapshot().context.authResult
    actor.stop()
    const secrets: string[] = [code, spaced, authToken, refreshToken]
    expect(secrets.every((secret) => typeof secret === 'string' && secret.length >= 6)).toBe(true)
    return secrets
  }

  /** An inspector whose adapter keeps what it would send to the Stately inspector. */
  function recordingInspector() {
    const sent: StatelyInspectionEvent[] = []
    const inspector = createInspector({ send: (event) => sent.push(event) })
    // It converts events when the thread is idle: wait until the last one is in.
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

  test('what the examples pass as `inspect` lets no code or token through', async () => {
    const identifier = 'inspected@example.com'
    const { inspector, sent, settled } = recordingInspector()
    const actor = createOtpAuthActor({
      appId: server.appId,
      baseURL: server.baseURL,
      inspect: (event) => inspector.inspect.next?.(redactInspectionEvent(event)),
    })
    const secrets = await logIn(actor, identifier)
    await settled()

    const shown = reachableText(sent)
    for (const secret of secrets) expect(shown).not.toContain(secret)
    expect(shown).toContain(REDACTED)
    expect(shown).toContain(identifier)
    expect(shown).toContain('"redirectUrl":"/"')
  })

  test('without redaction the same pipeline shows them, so the test above can fail', async () => {
    const { inspector, sent, settled } = recordingInspector()
    // Straight from xstate, past any redaction `createOtpAuthActor` may do itself.
    const logic = createOtpAuthLogic({ appId: server.appId, baseURL: server.baseURL })
    const actor = createActor(logic, { input: undefined, inspect: inspector.inspect })
    const secrets = await logIn(actor, 'uninspected@example.com')
    await settled()

    const shown = reachableText(sent)
    for (const secret of secrets) expect(shown).toContain(secret)
  })
})

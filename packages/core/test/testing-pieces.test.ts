import { describe, expect, test } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthLogic } from '../src/actor'
import { createOtpAuthError } from '../src/errors'
import { decodeJwtClaims } from '../src/jwt'
import {
  createControllableClient,
  createCoverageRecorder,
  createTestAuthResult,
  flushRequests,
  type OtpAuthTestStep,
  performStep,
} from '../src/testing'

// The pieces of `@passage-otp/core/testing` one by one, against the table of docs/guide/testing.md.

describe('createControllableClient: requests that wait until the test settles them', () => {
  test('lists every request, the open ones, and settles them by name', async () => {
    const controllable = createControllableClient()
    const { client } = controllable
    const sent = client.requestLoginOtp({ identifier: 'ada@example.com' })
    const activated = client.activateOtp({ otpId: 'otp-1', code: '123456' })
    expect(controllable.pending()).toEqual(['requestLoginOtp', 'activateOtp'])
    expect(controllable.calls).toEqual([
      { name: 'requestLoginOtp', input: { identifier: 'ada@example.com' }, signal: undefined },
      { name: 'activateOtp', input: { otpId: 'otp-1', code: '123456' }, signal: undefined },
    ])

    controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
    const wrong = createOtpAuthError('invalid_or_expired_code', { status: 400 })
    controllable.reject('activateOtp', wrong)
    await expect(sent).resolves.toEqual({ otpId: 'otp-1' })
    await expect(activated).rejects.toBe(wrong)
    expect(controllable.pending()).toEqual([])
    expect(controllable.calls).toHaveLength(2)
  })

  test('settling a request nobody is waiting for throws, naming the open ones', () => {
    const controllable = createControllableClient()
    expect(() => controllable.resolve('activateOtp', { otpId: 'x' })).toThrow(
      new Error('No activateOtp request is waiting (open: none).'),
    )
    void controllable.client.requestRegisterOtp({ identifier: 'ada@example.com' })
    void controllable.client.requestLoginOtp({ identifier: 'ada@example.com' })
    expect(() => controllable.reject('activateOtp', new Error('x'))).toThrow(
      new Error('No activateOtp request is waiting (open: requestRegisterOtp, requestLoginOtp).'),
    )
  })

  test('an aborted request is no longer open and rejects with the abort reason', async () => {
    const controllable = createControllableClient()
    const controller = new AbortController()
    const request = controllable.client.requestLoginOtp(
      { identifier: 'ada@example.com' },
      { signal: controller.signal },
    )
    expect(controllable.calls[0]?.signal).toBe(controller.signal)
    const reason = new Error('the flow was cancelled')
    controller.abort(reason)
    await expect(request).rejects.toBe(reason)
    expect(controllable.pending()).toEqual([])
  })

  test('its appId is the one given, test-app by default', () => {
    expect(createControllableClient().client.appId).toBe('test-app')
    expect(createControllableClient('my-app').client.appId).toBe('my-app')
  })

  test('the session calls answer at once with a new token each time, for test-user', async () => {
    const { client } = createControllableClient()
    const first = await client.refreshSession('r0')
    const second = await client.refreshSession('r1')
    expect(decodeJwtClaims(first.authToken)?.sub).toBe('test-user')
    expect(decodeJwtClaims(second.authToken)?.sub).toBe('test-user')
    expect(second.authToken).not.toBe(first.authToken)
    expect(first.refreshToken).toBeTruthy()
    expect(second.refreshToken).not.toBe(first.refreshToken)
    await expect(client.signOut('r1')).resolves.toBeUndefined()
  })
})

test('createTestAuthResult: an unsigned token for the user, valid for an hour, and a refresh token', () => {
  const result = createTestAuthResult('user-1')
  const claims = decodeJwtClaims(result.authToken)
  expect(claims?.sub).toBe('user-1')
  expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(3600)
  expect(result.refreshToken).toBeTruthy()
  expect(createTestAuthResult('user-2').refreshToken).not.toBe(result.refreshToken)
})

describe('performStep: settles the request a step names, or sends its event', () => {
  function recorder() {
    const controllable = createControllableClient()
    const sent: unknown[] = []
    return {
      controllable,
      sent,
      target: { client: controllable, send: (e: unknown) => sent.push(e) },
    }
  }
  const step = (event: unknown) => ({ event }) as OtpAuthTestStep

  test('a request answer resolves that request, and sends nothing', async () => {
    const { controllable, sent, target } = recorder()
    const request = controllable.client.requestRegisterOtp({ identifier: 'ada@example.com' })
    performStep(
      step({ type: 'xstate.done.actor.requestRegisterOtp', output: { otpId: 'otp-9' } }),
      target,
    )
    await expect(request).resolves.toEqual({ otpId: 'otp-9' })
    expect(sent).toEqual([])
  })

  test('a request failure rejects that request, and sends nothing', async () => {
    const { controllable, sent, target } = recorder()
    const request = controllable.client.activateOtp({ otpId: 'otp-1', code: '123456' })
    const error = createOtpAuthError('server', { status: 500 })
    performStep(step({ type: 'xstate.error.actor.activateOtp', error }), target)
    await expect(request).rejects.toBe(error)
    expect(sent).toEqual([])
  })

  test.each([
    ['SMS autofill, read', { type: 'xstate.done.actor.readSmsCode', output: { code: '246810' } }],
    ['SMS autofill, refused', { type: 'xstate.error.actor.readSmsCode', error: new Error('no') }],
    ['a user event', { type: 'code.submit', code: '123456' }],
    ['a timer', { type: 'xstate.after.resendCooldown.otpAuth.awaitingCode.resend.coolingDown' }],
  ])('%s goes to the actor as it is', (_, event) => {
    const { controllable, sent, target } = recorder()
    performStep(step(event), target)
    expect(sent).toEqual([event])
    expect(controllable.calls).toEqual([])
  })
})

describe('createCoverageRecorder: the state nodes and transitions a flow went through', () => {
  test('a fresh flow has seen the form only; a submit adds the request', async () => {
    const coverage = createCoverageRecorder()
    const controllable = createControllableClient()
    const actor = createActor(createOtpAuthLogic({ client: controllable.client }), {
      input: {},
      inspect: coverage.inspect,
    }).start()
    const at = (id: string) => !coverage.report().stateNodes.missing.includes(id)
    const took = (id: string) => !coverage.report().transitions.missing.includes(id)
    // Hand-counted from the machine's diagram (docs/concepts/machine.md): 21 state nodes below
    // the root (always active, so not counted), history states not counted.
    expect(coverage.report().stateNodes.total).toBe(21)
    expect(coverage.report().stateNodes.covered).toBe(1)
    expect(at('otpAuth.idle')).toBe(true)
    expect(at('otpAuth.requesting')).toBe(false)
    expect(coverage.report().transitions.covered).toBe(0)

    actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
    expect(at('otpAuth.requesting.login')).toBe(true)
    expect(at('otpAuth.requesting.register')).toBe(false)
    // The third transition on identifier.submit (after the malformed and invalid ones) and the
    // endpoint choice's second (login).
    expect(took('otpAuth.idle identifier.submit #2')).toBe(true)
    expect(took('otpAuth.idle identifier.submit #1')).toBe(false)
    expect(took('otpAuth.requesting.choosingEndpoint (always) #1')).toBe(true)
    expect(took('otpAuth.requesting.choosingEndpoint (always) #0')).toBe(false)
    expect(coverage.report().transitions.covered).toBe(2)

    controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
    await flushRequests()
    expect(at('otpAuth.awaitingCode.code.entering')).toBe(true)
    expect(at('otpAuth.awaitingCode.resend.coolingDown')).toBe(true)
    expect(at('otpAuth.authenticated')).toBe(false)
  })

  test('a flow that never moved has still seen the state it started in', () => {
    const coverage = createCoverageRecorder()
    createActor(createOtpAuthLogic({ client: createControllableClient().client }), {
      input: {},
      inspect: coverage.inspect,
    }).start()
    expect(coverage.report().stateNodes.missing).not.toContain('otpAuth.idle')
    expect(coverage.report().stateNodes.covered).toBe(1)
  })

  test('events that carry no states (an event received, an action) add nothing', () => {
    const coverage = createCoverageRecorder()
    coverage.inspect({
      type: '@xstate.event',
      snapshot: { _nodes: [{ id: 'otpAuth.error' }] },
    } as never)
    coverage.inspect({
      type: '@xstate.action',
      snapshot: { _nodes: [{ id: 'otpAuth.error' }] },
    } as never)
    expect(coverage.report().stateNodes.covered).toBe(0)
    expect(coverage.report().transitions.covered).toBe(0)
  })
})

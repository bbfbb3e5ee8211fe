import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthLogic } from '../src/actor'
import { bindOtpAuth } from '../src/bindings'
import { connectOtpAuthUi, type OtpAuthUi, toHtmlUi } from '../src/connect'
import { createOtpAuthError } from '../src/errors'
import {
  type OtpAuthSnapshot,
  selectOtpAuthView,
  selectSecondsUntilResend,
  selectSecondsUntilRetry,
} from '../src/selectors'
import { createControllableClient, flushRequests, testAuthResult } from '../src/testing'

// Expectations are written by hand from the docs (the examples' screens), never read back from
// `connectOtpAuthUi`: one row per state a screen can be in.

const EMAIL = 'ada@example.com'
const COOLDOWN_S = 30

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_800_000_000_000 })
})
afterEach(() => {
  vi.useRealTimers()
})

function startFlow() {
  const controllable = createControllableClient()
  const actor = createActor(createOtpAuthLogic({ client: controllable.client }), {
    input: { maxAttempts: 2, resendCooldownMs: COOLDOWN_S * 1000 },
  }).start()
  const flow = {
    actor,
    send: actor.send,
    async settle(name: Parameters<typeof controllable.resolve>[0], outcome: 'sent' | Error) {
      if (outcome === 'sent') {
        controllable.resolve(
          name,
          name === 'activateOtp' ? testAuthResult : { otpId: `otp-${Date.now()}` },
        )
      } else controllable.reject(name, outcome)
      await flushRequests()
    },
    async codeForm() {
      actor.send({ type: 'identifier.submit', identifier: EMAIL })
      await flow.settle('requestLoginOtp', 'sent')
    },
    async wrongCode() {
      actor.send({ type: 'code.submit', code: '123456' })
      await flow.settle('activateOtp', createOtpAuthError('invalid_or_expired_code'))
    },
  }
  return flow
}

const uiOf = (snapshot: OtpAuthSnapshot): OtpAuthUi =>
  connectOtpAuthUi({
    ...selectOtpAuthView(snapshot),
    secondsUntilResend: selectSecondsUntilResend(snapshot),
    secondsUntilRetry: selectSecondsUntilRetry(snapshot),
  })

type Flow = ReturnType<typeof startFlow>

const hidden = { shown: false, enabled: false, secondsLeft: 0 }
const waiting = (secondsLeft: number) => ({ shown: true, enabled: false, secondsLeft })
const ready = { shown: true, enabled: true, secondsLeft: 0 }
const busy = { shown: true, enabled: false, secondsLeft: 0 }

interface Row {
  state: string
  reach(flow: Flow): Promise<void> | void
  expected: {
    screen: OtpAuthUi['screen']
    focus: OtpAuthUi['focus']
    offers: OtpAuthUi['offers']
    title?: string
    alert?: string
    resendAlert?: string
    status: string
    notice?: string
    codeInput?: { readOnly: boolean; invalid: boolean; state: string }
    identifierInput?: { readOnly: boolean; invalid: boolean }
  }
}

const nothingOffered = {
  verify: false,
  cancel: false,
  resend: hidden,
  retry: hidden,
  changeIdentifier: hidden,
  switchIntent: null,
}
const onCodeForm = {
  ...nothingOffered,
  verify: true,
  resend: waiting(COOLDOWN_S),
  changeIdentifier: ready,
}

const rows: Row[] = [
  {
    state: 'idle',
    reach: () => {},
    expected: {
      screen: 'identifier',
      focus: 'identifier',
      offers: nothingOffered,
      status: '',
      identifierInput: { readOnly: false, invalid: false },
    },
  },
  {
    state: 'idle, identifier refused',
    reach: (flow) => flow.send({ type: 'identifier.submit', identifier: 'not-an-email' }),
    expected: {
      screen: 'identifier',
      focus: 'identifier',
      offers: nothingOffered,
      alert: 'Enter a valid email address or a phone number with its country code.',
      status: '',
      identifierInput: { readOnly: false, invalid: true },
    },
  },
  {
    state: 'requesting (first code)',
    reach: (flow) => flow.send({ type: 'identifier.submit', identifier: EMAIL }),
    expected: {
      screen: 'identifier',
      focus: 'identifier',
      offers: { ...nothingOffered, cancel: true },
      status: 'Sending code…',
      identifierInput: { readOnly: true, invalid: false },
    },
  },
  {
    state: 'awaitingCode.{entering, coolingDown}',
    reach: (flow) => flow.codeForm(),
    expected: {
      screen: 'code',
      focus: 'code',
      offers: onCodeForm,
      status: `Code sent to ${EMAIL}.`,
      codeInput: { readOnly: false, invalid: false, state: 'entering' },
    },
  },
  {
    state: 'awaitingCode.{entering, ready}',
    reach: async (flow) => {
      await flow.codeForm()
      vi.advanceTimersByTime(COOLDOWN_S * 1000)
    },
    expected: {
      screen: 'code',
      focus: 'code',
      offers: { ...onCodeForm, resend: ready },
      status: `Code sent to ${EMAIL}.`,
      codeInput: { readOnly: false, invalid: false, state: 'entering' },
    },
  },
  {
    state: 'awaitingCode after a wrong code',
    reach: async (flow) => {
      await flow.codeForm()
      await flow.wrongCode()
    },
    expected: {
      screen: 'code',
      focus: 'code',
      offers: onCodeForm,
      alert: 'That code is wrong or has expired. 1 attempt left.',
      status: '',
      codeInput: { readOnly: false, invalid: true, state: 'entering' },
    },
  },
  {
    state: 'awaitingCode, code of the wrong length',
    reach: async (flow) => {
      await flow.codeForm()
      flow.send({ type: 'code.submit', code: '123' })
    },
    expected: {
      screen: 'code',
      focus: 'code',
      offers: onCodeForm,
      alert: 'Enter the 6-digit code we sent you.',
      status: '',
      codeInput: { readOnly: false, invalid: true, state: 'entering' },
    },
  },
  {
    state: 'activating',
    reach: async (flow) => {
      await flow.codeForm()
      flow.send({ type: 'code.submit', code: '123456' })
    },
    expected: {
      screen: 'code',
      focus: 'code',
      // The countdown pauses while the code is checked (it is the code form's).
      offers: { ...onCodeForm, cancel: true, resend: busy, changeIdentifier: busy },
      status: 'Verifying…',
      codeInput: { readOnly: true, invalid: false, state: 'verifying' },
    },
  },
  {
    state: 'awaitingCode.{locked, coolingDown}',
    reach: async (flow) => {
      await flow.codeForm()
      await flow.wrongCode()
      await flow.wrongCode()
    },
    expected: {
      screen: 'code',
      focus: 'heading',
      offers: { ...onCodeForm, verify: false },
      alert: 'Too many wrong codes. Ask for a new one.',
      status: '',
      codeInput: { readOnly: true, invalid: true, state: 'locked' },
    },
  },
  {
    state: 'awaitingCode.{locked, ready}',
    reach: async (flow) => {
      await flow.codeForm()
      await flow.wrongCode()
      await flow.wrongCode()
      vi.advanceTimersByTime(COOLDOWN_S * 1000)
    },
    expected: {
      screen: 'code',
      focus: 'resend',
      offers: { ...onCodeForm, verify: false, resend: ready },
      alert: 'Too many wrong codes. Ask for a new one.',
      status: '',
      codeInput: { readOnly: true, invalid: true, state: 'locked' },
    },
  },
  {
    state: 'awaitingCode.{expired, ready}',
    reach: async (flow) => {
      await flow.codeForm()
      vi.advanceTimersByTime(300_000)
    },
    expected: {
      screen: 'code',
      focus: 'resend',
      offers: { ...onCodeForm, verify: false, resend: ready },
      alert: 'This code has expired. Ask for a new one.',
      status: '',
      codeInput: { readOnly: true, invalid: true, state: 'expired' },
    },
  },
  {
    state: 'requesting (a new code, from the code form)',
    reach: async (flow) => {
      await flow.codeForm()
      vi.advanceTimersByTime(COOLDOWN_S * 1000)
      flow.send({ type: 'code.resend' })
    },
    expected: {
      screen: 'code',
      focus: 'code',
      offers: { ...onCodeForm, cancel: true, resend: busy, changeIdentifier: busy },
      status: 'Sending a new code…',
      codeInput: { readOnly: true, invalid: false, state: 'resending' },
    },
  },
  {
    state: 'awaitingCode after a resend',
    reach: async (flow) => {
      await flow.codeForm()
      vi.advanceTimersByTime(COOLDOWN_S * 1000)
      flow.send({ type: 'code.resend' })
      await flow.settle('requestLoginOtp', 'sent')
    },
    expected: {
      screen: 'code',
      focus: 'code',
      offers: onCodeForm,
      status: 'New code sent',
      notice: 'New code sent',
      codeInput: { readOnly: false, invalid: false, state: 'entering' },
    },
  },
  {
    state: 'awaitingCode after a rate-limited resend',
    reach: async (flow) => {
      await flow.codeForm()
      vi.advanceTimersByTime(COOLDOWN_S * 1000)
      flow.send({ type: 'code.resend' })
      await flow.settle(
        'requestLoginOtp',
        createOtpAuthError('rate_limited', { retryAfterMs: 20_000 }),
      )
    },
    expected: {
      screen: 'code',
      focus: 'code',
      offers: { ...onCodeForm, resend: waiting(20) },
      resendAlert: "We couldn't send a new code. Too many requests. Try again in 20 s.",
      status: '',
      codeInput: { readOnly: false, invalid: false, state: 'entering' },
    },
  },
  {
    state: 'error.retryable (sending failed)',
    reach: async (flow) => {
      flow.send({ type: 'identifier.submit', identifier: EMAIL })
      await flow.settle('requestLoginOtp', createOtpAuthError('server'))
    },
    expected: {
      screen: 'error',
      focus: 'heading',
      offers: { ...nothingOffered, retry: ready, changeIdentifier: ready },
      title: "We couldn't send the code",
      alert: 'Something went wrong on the server. Try again.',
      status: '',
    },
  },
  {
    state: 'error.retryable (checking failed)',
    reach: async (flow) => {
      await flow.codeForm()
      flow.send({ type: 'code.submit', code: '123456' })
      await flow.settle('activateOtp', createOtpAuthError('timeout'))
    },
    expected: {
      screen: 'error',
      focus: 'heading',
      offers: { ...nothingOffered, retry: ready, changeIdentifier: ready },
      title: "We couldn't check the code",
      alert: 'The server took too long to answer. Try again.',
      status: '',
    },
  },
  {
    state: 'error.waitingToRetry',
    reach: async (flow) => {
      flow.send({ type: 'identifier.submit', identifier: EMAIL })
      await flow.settle(
        'requestLoginOtp',
        createOtpAuthError('rate_limited', { retryAfterMs: 30_000 }),
      )
      vi.advanceTimersByTime(5_000)
    },
    expected: {
      screen: 'error',
      focus: 'heading',
      offers: { ...nothingOffered, retry: waiting(25), changeIdentifier: ready },
      title: "We couldn't send the code",
      // Said once, as the answer had it: the button counts down.
      alert: 'Too many requests. Try again in 30 s.',
      status: '',
    },
  },
  {
    state: 'error.permanent (no such user)',
    reach: async (flow) => {
      flow.send({ type: 'identifier.submit', identifier: EMAIL })
      await flow.settle('requestLoginOtp', createOtpAuthError('user_not_found'))
    },
    expected: {
      screen: 'error',
      focus: 'heading',
      offers: { ...nothingOffered, changeIdentifier: ready, switchIntent: 'register' },
      title: 'No account yet',
      alert: 'There is no account for this email or phone number.',
      status: '',
    },
  },
  {
    state: 'error.permanent (account exists)',
    reach: async (flow) => {
      flow.send({ type: 'identifier.submit', identifier: EMAIL, intent: 'register' })
      await flow.settle('requestRegisterOtp', createOtpAuthError('user_exists'))
    },
    expected: {
      screen: 'error',
      focus: 'heading',
      offers: { ...nothingOffered, changeIdentifier: ready, switchIntent: 'login' },
      title: 'You already have an account',
      alert: 'An account already exists for this email or phone number. Log in instead.',
      status: '',
    },
  },
  {
    state: 'authenticated',
    reach: async (flow) => {
      await flow.codeForm()
      flow.send({ type: 'code.submit', code: '123456' })
      await flow.settle('activateOtp', 'sent')
    },
    expected: { screen: 'signedIn', focus: 'heading', offers: nothingOffered, status: '' },
  },
]

describe('connectOtpAuthUi, state by state', () => {
  test.each(rows)('$state', async ({ reach, expected }) => {
    const flow = startFlow()
    await reach(flow)
    const ui = uiOf(flow.actor.getSnapshot())

    expect(ui.screen).toBe(expected.screen)
    expect(ui.focus).toBe(expected.focus)
    expect(ui.offers).toEqual(expected.offers)
    expect(ui.title).toBe(expected.title ?? null)
    expect(ui.alert?.text ?? null).toBe(expected.alert ?? null)
    expect(ui.resendAlert?.text ?? null).toBe(expected.resendAlert ?? null)
    expect(ui.status.text).toBe(expected.status)
    expect(ui.notice).toBe(expected.notice ?? null)
    if (expected.codeInput) {
      const { readOnly, invalid, state } = expected.codeInput
      expect(ui.codeInputProps).toMatchObject({
        readOnly,
        'aria-invalid': invalid ? true : undefined,
        'aria-describedby': invalid ? 'otp-auth-alert' : undefined,
        'data-state': state,
        autoComplete: 'one-time-code',
        inputMode: 'numeric',
        maxLength: 12,
      })
    }
    if (expected.identifierInput) {
      const { readOnly, invalid } = expected.identifierInput
      expect(ui.identifierInputProps).toEqual({ readOnly, 'aria-invalid': invalid || undefined })
    }
    flow.actor.stop()
  })
})

describe('live regions', () => {
  test('an alert is role=alert and assertive, the status role=status and polite', async () => {
    const flow = startFlow()
    await flow.codeForm()
    await flow.wrongCode()
    const ui = uiOf(flow.actor.getSnapshot())
    expect(ui.alert?.props).toEqual({
      id: 'otp-auth-alert',
      role: 'alert',
      'aria-live': 'assertive',
      'aria-atomic': 'true',
    })
    expect(ui.status.props).toEqual({
      role: 'status',
      'aria-live': 'polite',
      'aria-atomic': 'true',
    })
  })

  test('an error stays hidden while the next request runs', async () => {
    const flow = startFlow()
    await flow.codeForm()
    await flow.wrongCode()
    flow.send({ type: 'code.submit', code: '654321' })
    const ui = uiOf(flow.actor.getSnapshot())
    expect(ui.alert).toBeNull()
    expect(ui.codeInputProps['aria-invalid']).toBeUndefined()
    expect(ui.status.text).toBe('Verifying…')
  })

  test('"New code sent" goes when a code is tried, and after a failed resend', async () => {
    const flow = startFlow()
    await flow.codeForm()
    vi.advanceTimersByTime(COOLDOWN_S * 1000)
    flow.send({ type: 'code.resend' })
    await flow.settle('requestLoginOtp', 'sent')
    expect(uiOf(flow.actor.getSnapshot()).notice).toBe('New code sent')
    await flow.wrongCode()
    expect(uiOf(flow.actor.getSnapshot()).notice).toBeNull()

    vi.advanceTimersByTime(COOLDOWN_S * 1000)
    flow.send({ type: 'code.resend' })
    await flow.settle('requestLoginOtp', createOtpAuthError('network'))
    const ui = uiOf(flow.actor.getSnapshot())
    expect(ui.notice).toBeNull()
    expect(ui.status.text).toBe('')
    expect(ui.resendAlert?.text).toBe(
      "We couldn't send a new code. Could not reach the server. Check your connection.",
    )
  })
})

describe('options', () => {
  test('your words replace the defaults, and the ids take your prefix', async () => {
    const flow = startFlow()
    await flow.codeForm()
    await flow.wrongCode()
    const snapshot = flow.actor.getSnapshot()
    const ui = connectOtpAuthUi(
      { ...selectOtpAuthView(snapshot), secondsUntilResend: 30, secondsUntilRetry: 0 },
      {
        id: 'login',
        messages: { attemptsLeft: (count) => `Noch ${count} Versuch.` },
      },
    )
    expect(ui.alert?.text).toBe('That code is wrong or has expired. Noch 1 Versuch.')
    expect(ui.alert?.props.id).toBe('login-alert')
    expect(ui.codeInputProps['aria-describedby']).toBe('login-alert')
  })

  test('toHtmlUi names the input props as HTML attributes', async () => {
    const flow = startFlow()
    await flow.codeForm()
    const { codeInputProps, identifierInputProps } = toHtmlUi(uiOf(flow.actor.getSnapshot()))
    expect(codeInputProps).toMatchObject({
      readonly: false,
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      maxlength: 12,
      spellcheck: 'false',
      'data-state': 'entering',
    })
    expect(codeInputProps).not.toHaveProperty('readOnly')
    expect(identifierInputProps).toEqual({ readonly: false, 'aria-invalid': undefined })
  })
})

// What an adapter forwards: one store of everything a screen shows.
describe('bindOtpAuth: one store of the view, the countdowns and the ui', () => {
  test('the state is the same object until something the screen shows changes', async () => {
    const flow = startFlow()
    const bound = bindOtpAuth(flow.actor, { messages: { sendingCode: 'Code kommt…' }, id: 'login' })
    const idle = bound.getSnapshot()
    expect(idle).toMatchObject({ step: 'idle', secondsUntilResend: 0, secondsUntilRetry: 0 })
    expect(idle.ui.screen).toBe('identifier')
    // Events the flow ignores leave the state as it was.
    bound.commands.submitCode('123456')
    bound.commands.retry()
    expect(bound.getSnapshot()).toBe(idle)

    const listener = vi.fn()
    const unsubscribe = bound.subscribe(listener)
    bound.commands.submitIdentifier(EMAIL)
    expect(listener).toHaveBeenCalled()
    const requesting = bound.getSnapshot()
    expect(requesting).not.toBe(idle)
    expect(requesting).toMatchObject({ step: 'requesting', isBusy: true })
    expect(requesting.ui.status.text).toBe('Code kommt…')
    expect(bound.getSnapshot()).toBe(requesting)

    await flow.settle('requestLoginOtp', 'sent')
    const sent = bound.getSnapshot()
    expect(sent).toMatchObject({ step: 'awaitingCode', secondsUntilResend: COOLDOWN_S })
    expect(sent.ui.offers.resend).toEqual(waiting(COOLDOWN_S))
    unsubscribe()
  })

  test('the countdowns tick into the state while subscribed, and stop with the last listener', async () => {
    const flow = startFlow()
    const bound = bindOtpAuth(flow.actor)
    const seen: number[] = []
    const unsubscribe = bound.subscribe(() => {
      const { secondsUntilResend, ui } = bound.getSnapshot()
      if (seen.at(-1) !== secondsUntilResend) seen.push(secondsUntilResend)
      expect(ui.offers.resend.secondsLeft).toBe(secondsUntilResend)
    })
    await flow.codeForm()
    vi.advanceTimersByTime(3_000)
    expect(seen).toEqual([0, 30, 29, 28, 27])

    const timersWhileSubscribed = vi.getTimerCount()
    unsubscribe()
    expect(vi.getTimerCount()).toBe(timersWhileSubscribed - 1) // the machine's own timers stay
    vi.advanceTimersByTime(1_000)
    expect(seen).toEqual([0, 30, 29, 28, 27])
  })

  test('toUi maps each ui: toHtmlUi gives HTML attribute names', () => {
    const { codeInputProps } = bindOtpAuth(startFlow().actor, {}, toHtmlUi).getSnapshot().ui
    expect(codeInputProps).toMatchObject({ readonly: false, autocomplete: 'one-time-code' })
    expect(codeInputProps).not.toHaveProperty('readOnly')
  })
})

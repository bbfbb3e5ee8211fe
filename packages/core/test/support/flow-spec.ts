/**
 * The flow's promises, written by hand: what a person sees after each event of a generated path.
 * The graph of `otpAuthMachine` only chooses the paths; what each step must look like comes from
 * here, so a change to the machine cannot change what the tests expect. Read it as the contract:
 *
 * | step           | what holds                                                                 |
 * | -------------- | -------------------------------------------------------------------------- |
 * | `idle`         | the form; an invalid identifier stays here with `invalid_identifier`       |
 * | `requesting`   | one request in flight; sign up or in (`auto`) turns an unknown user into a |
 * |                | sign-up; a failed resend goes back to the code, which still works, with    |
 * |                | `resendError` and resend offered again (after its Retry-After if any)      |
 * | `awaitingCode` | the code form: a malformed code is refused without a request; every wrong  |
 * |                | code costs one of `maxAttempts`; the last one (or the server's             |
 * |                | `too_many_attempts`) locks it with 0 attempts left; resend is offered once |
 * |                | the cooldown is over; a code expires after its lifetime                    |
 * | `activating`   | one activation in flight; cancel goes back to the code form                |
 * | `error`        | the failed step and its kind; retry is offered for the failures a repeat   |
 * |                | can mend (rate limit after its Retry-After, network, timeout, server,      |
 * |                | bad response), never for an unknown or existing user or a deactivated one  |
 * | `authenticated`| signed in; only a reset leaves                                             |
 *
 * What the server sees: each request counted above reaches it once; a send that succeeds delivers
 * one code under its own otp id (a failed one delivers none); a code works once, so activating it
 * again after it signed someone in is refused like a wrong code (`reusedCodeAnswer`).
 *
 * Everywhere: `flow.reset` returns to an empty form; a malformed event (as a JavaScript caller
 * could send one: an intent that is not one, a code that is not a string, a forged saved flow)
 * changes nothing; the code typed is held only while a request
 * needs it (activating, or the error a retry would repeat it from); the SMS reader reports a
 * failure only when it failed.
 */
import type { OtpAuthErrorKind } from '../../src/errors'
import type { OtpAuthStep } from '../../src/selectors'
import type { OtpAuthTestEvent } from '../../src/testing'

/** What the screen shows after a step. `undefined` fields are not promised either way. */
export interface ExpectedView {
  step: OtpAuthStep
  /** The error shown in the step (`view.error.kind`), or `null`; not promised during a resend. */
  error: OtpAuthErrorKind | null | undefined
  /** On the code form after a resend failed: why (`view.resendError.kind`), else `null`. */
  resendError: OtpAuthErrorKind | null
  attemptsRemaining: number
  canResend: boolean
  canRetry: boolean
  isLocked: boolean
  isCodeExpired: boolean
  /** Requests sent since the flow began (sends and activations). */
  requests: number
  /** The typed code is still held by the flow (only while a request may need it). */
  holdsCode: boolean | undefined
  /** `smsAutofillFailed` events emitted since the flow began. */
  smsAutofillFailures: number
}

type CodeForm = 'entering' | 'expired' | 'locked'

interface FlowState {
  step: OtpAuthStep
  intent: 'login' | 'register' | 'auto'
  endpoint: 'login' | 'register'
  /** A code was sent (so a request is a resend, and a failed one keeps the code form). */
  sent: boolean
  code: CodeForm
  resendReady: boolean
  attempts: number
  error: OtpAuthErrorKind | null
  resendError: OtpAuthErrorKind | null
  failedStep: 'requesting' | 'activating' | null
  /** In `error`: a rate limit's Retry-After has not passed yet. */
  waitingToRetry: boolean
  holdsCode: boolean
  requests: number
  codesSent: number
  smsAutofillFailures: number
}

/**
 * What the server answers when a code that signed someone in is activated again: Passage's
 * answer to a wrong or expired code, 400 `invalid_request` (kind `invalid_or_expired_code`).
 */
export const reusedCodeAnswer = { status: 400, code: 'invalid_request' } as const

/** The failures a repeat of the same request can mend. */
const retryable: readonly OtpAuthErrorKind[] = [
  'rate_limited',
  'network',
  'timeout',
  'server',
  'bad_response',
]

const CODE_LENGTH = 6

export interface FlowSpec {
  /** The view after `event`, given everything before it. */
  next(event: OtpAuthTestEvent): ExpectedView
  /** Codes the server delivered since the flow began: one for each send that succeeded. */
  codesSent(): number
}

/** `seen` without what `expected` leaves open (its `undefined` fields). */
export function promisedPart(seen: ExpectedView, expected: ExpectedView): ExpectedView {
  const open = Object.keys(expected).filter(
    (key) => expected[key as keyof ExpectedView] === undefined,
  )
  return { ...seen, ...Object.fromEntries(open.map((key) => [key, undefined])) }
}

/** The specification of one flow started with `{ maxAttempts }` (the paths use 2). */
export function createFlowSpec({ maxAttempts }: { maxAttempts: number }): FlowSpec {
  /** The form, empty of any flow; the counters of what happened so far carry on. */
  const idle = ({ requests, codesSent, smsAutofillFailures }: FlowState): FlowState => ({
    step: 'idle',
    intent: 'login',
    endpoint: 'login',
    sent: false,
    code: 'entering',
    resendReady: false,
    attempts: 0,
    error: null,
    resendError: null,
    failedStep: null,
    waitingToRetry: false,
    holdsCode: false,
    requests,
    codesSent,
    smsAutofillFailures,
  })
  let current = idle({ requests: 0, codesSent: 0, smsAutofillFailures: 0 } as FlowState)

  const request = (state: FlowState): FlowState => ({
    ...state,
    step: 'requesting',
    resendError: null,
    requests: state.requests + 1,
  })
  const activate = (state: FlowState): FlowState => ({
    ...state,
    step: 'activating',
    error: null,
    holdsCode: true,
    requests: state.requests + 1,
  })
  const codeSent = (state: FlowState): FlowState => ({
    ...state,
    step: 'awaitingCode',
    sent: true,
    code: 'entering',
    resendReady: false,
    attempts: 0,
    error: null,
    resendError: null,
    failedStep: null,
  })
  const failed = (state: FlowState, kind: OtpAuthErrorKind, retryAfter: boolean): FlowState => ({
    ...state,
    step: 'error',
    error: kind,
    failedStep: state.step === 'activating' ? 'activating' : 'requesting',
    waitingToRetry: retryAfter && retryable.includes(kind),
  })
  const backToCode = (state: FlowState, code: CodeForm, error = state.error): FlowState => ({
    ...state,
    step: 'awaitingCode',
    code,
    error,
    holdsCode: false,
  })

  function apply(state: FlowState, event: OtpAuthTestEvent): FlowState {
    if (event.type === 'flow.reset') return idle(state)
    if (isMalformed(event)) return state
    const outcome = parse(event)
    switch (state.step) {
      case 'idle':
        if (event.type === 'identifier.submit') {
          if (!isValidIdentifier(event.identifier)) return { ...state, error: 'invalid_identifier' }
          const intent = event.intent ?? 'login'
          const endpoint = intent === 'register' ? 'register' : 'login'
          return request({ ...idle(state), intent, endpoint })
        }
        if (event.type === 'flow.restore') {
          const { saved } = event
          const restored = { ...idle(state), intent: saved.intent, endpoint: saved.endpoint }
          if (saved.step !== 'awaitingCode') return { ...restored, step: 'authenticated' }
          return {
            ...codeSent(restored),
            attempts: saved.attempts,
            code: saved.locked ? 'locked' : 'entering',
            error: saved.locked ? 'too_many_attempts' : null,
          }
        }
        return state
      case 'requesting':
        if (outcome?.request === 'send') {
          const { kind } = outcome
          if (kind === null) return codeSent({ ...state, codesSent: state.codesSent + 1 })
          if (kind === 'user_not_found' && state.intent === 'auto' && state.endpoint === 'login') {
            return { ...state, endpoint: 'register', requests: state.requests + 1 }
          }
          if (state.sent) {
            return {
              ...backToCode(state, state.code),
              resendError: kind,
              resendReady: !outcome.retryAfter,
            }
          }
          return failed(state, kind, outcome.retryAfter)
        }
        if (event.type === 'flow.cancel') {
          return state.sent ? backToCode(state, state.code) : idle(state)
        }
        return state
      case 'awaitingCode':
        if (event.type === 'identifier.change') return idle(state)
        if (event.type === 'xstate.error.actor.readSmsCode' && state.code === 'entering') {
          return { ...state, smsAutofillFailures: state.smsAutofillFailures + 1 }
        }
        if (event.type === 'code.submit' || event.type === 'xstate.done.actor.readSmsCode') {
          const typed = event.type === 'code.submit'
          const code = typed ? event.code : event.output.code
          if (state.code === 'expired' && typed) return { ...state, error: 'code_expired' }
          if (state.code !== 'entering') return state
          if (digits(code).length !== CODE_LENGTH) {
            return typed ? { ...state, error: 'invalid_code_format' } : state
          }
          return activate({ ...state, attempts: state.attempts + 1 })
        }
        if (event.type === 'code.resend' && state.resendReady) return request(state)
        // The code lives longer than the resend cooldown: by its expiry, resend is offered.
        if (timer(event) === 'codeLifetime' && state.code === 'entering') {
          return { ...state, code: 'expired', error: 'code_expired', resendReady: true }
        }
        if (timer(event) === 'resendCooldown') return { ...state, resendReady: true }
        return state
      case 'activating':
        if (outcome?.request === 'activate') {
          const { kind } = outcome
          if (kind === null)
            return { ...state, step: 'authenticated', error: null, holdsCode: false }
          const wrong = kind === 'invalid_or_expired_code'
          if (kind === 'too_many_attempts' || (wrong && state.attempts >= maxAttempts)) {
            return backToCode(state, 'locked', 'too_many_attempts')
          }
          if (wrong) return backToCode(state, 'entering', kind)
          return failed(state, kind, outcome.retryAfter)
        }
        if (event.type === 'flow.cancel') return backToCode(state, 'entering')
        return state
      case 'error':
        if (event.type === 'identifier.change') return idle(state)
        if (timer(event) === 'retryAfter' && state.waitingToRetry) {
          return { ...state, waitingToRetry: false }
        }
        if (event.type === 'flow.retry' && canRetry(state)) {
          const again = { ...state, error: null, failedStep: null }
          return state.failedStep === 'activating' ? activate(again) : request(again)
        }
        return state
      case 'authenticated':
        return state
    }
  }

  const canRetry = (state: FlowState) =>
    state.step === 'error' &&
    state.error !== null &&
    retryable.includes(state.error) &&
    !state.waitingToRetry

  const view = (state: FlowState): ExpectedView => {
    const onCodeForm = state.step === 'awaitingCode'
    const locked = onCodeForm && state.code === 'locked'
    return {
      step: state.step,
      error: state.step === 'requesting' && state.sent ? undefined : state.error,
      resendError: onCodeForm ? state.resendError : null,
      attemptsRemaining: locked ? 0 : Math.max(0, maxAttempts - state.attempts),
      canResend: onCodeForm && state.resendReady,
      canRetry: canRetry(state),
      isLocked: locked,
      isCodeExpired: onCodeForm && state.code === 'expired',
      requests: state.requests,
      holdsCode: state.step === 'error' ? undefined : state.holdsCode,
      smsAutofillFailures: state.smsAutofillFailures,
    }
  }

  return {
    next(event) {
      current = apply(current, event)
      return view(current)
    },
    codesSent: () => current.codesSent,
  }
}

const intents: readonly unknown[] = ['login', 'register', 'auto']

/** An event whose fields are not what the types promise. */
function isMalformed(event: OtpAuthTestEvent): boolean {
  const fields = event as unknown as Record<string, unknown>
  if (event.type === 'identifier.submit') {
    return (
      typeof fields.identifier !== 'string' ||
      (fields.intent !== undefined && !intents.includes(fields.intent))
    )
  }
  if (event.type === 'code.submit') return typeof fields.code !== 'string'
  if (event.type !== 'flow.restore') return false
  const saved = (fields.saved ?? {}) as Record<string, unknown>
  const codeStep =
    typeof saved.otpId === 'string' &&
    typeof saved.codeExpiresAt === 'number' &&
    typeof saved.resendAvailableAt === 'number' &&
    typeof saved.attempts === 'number' &&
    typeof saved.locked === 'boolean'
  return (
    saved.version !== 1 ||
    typeof saved.identifier !== 'string' ||
    !intents.includes(saved.intent) ||
    (saved.step === 'awaitingCode' ? !codeStep : saved.step !== 'authenticated')
  )
}

/** A request's answer: `kind` is `null` when it succeeded. */
interface Outcome {
  request: 'send' | 'activate'
  kind: OtpAuthErrorKind | null
  retryAfter: boolean
}

/** A request's answer, as the path's event names it. */
function parse(event: OtpAuthTestEvent): Outcome | null {
  const match = /^xstate\.(done|error)\.actor\.(requestLoginOtp|requestRegisterOtp|activateOtp)$/
  const found = match.exec(event.type)
  if (!found) return null
  const request = found[2] === 'activateOtp' ? 'activate' : 'send'
  if (found[1] === 'done') return { request, kind: null, retryAfter: false }
  const error = (event as { error: { kind: OtpAuthErrorKind; retryAfterMs?: number } }).error
  return { request, kind: error.kind, retryAfter: (error.retryAfterMs ?? 0) > 0 }
}

/**
 * The delay a timer step of a path waits for (`xstate.after.<delay>.<state>`). Replays let that
 * much time pass on a fake clock (see `passTime`) instead of sending the event.
 */
export const timer = (event: OtpAuthTestEvent) =>
  event.type.startsWith('xstate.after.') ? event.type.split('.')[2] : null

const digits = (code: string) => code.replace(/[\s-]/g, '')

// The paths submit 'ada@example.com' and 'not an email'; the spec needs no more than that.
const isValidIdentifier = (identifier: string) => /^[^\s@]+@[^\s@]+\.[a-z]+$/.test(identifier)

/**
 * How long a timer step makes the clock run: until the deadline it waits for. A replay advances
 * fake timers by this much, so the flow meets real elapsed time, Retry-After re-checks included.
 */
export function timeToPass(
  event: OtpAuthTestEvent,
  deadlines: {
    codeExpiresAt: number | null
    resendAvailableAt: number | null
    retryAvailableAt: number | null
  },
  now = Date.now(),
): number | null {
  const delay = timer(event)
  if (delay === null || delay === undefined) return null
  const deadline = {
    codeLifetime: deadlines.codeExpiresAt,
    resendCooldown: deadlines.resendAvailableAt,
    retryAfter: deadlines.retryAvailableAt,
  }[delay]
  return Math.max(0, (deadline ?? now) - now)
}

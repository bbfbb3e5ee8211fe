import type { SnapshotFrom } from 'xstate'
import type { OtpAuthMachine } from './machine'

export type OtpAuthSnapshot = SnapshotFrom<OtpAuthMachine>

/** The screen to show: the machine's top-level state. */
export type OtpAuthStep =
  | 'idle'
  | 'requesting'
  | 'awaitingCode'
  | 'activating'
  | 'authenticated'
  | 'error'

export function selectStep(snapshot: OtpAuthSnapshot): OtpAuthStep {
  const { value } = snapshot
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as OtpAuthStep
}

export const selectError = (snapshot: OtpAuthSnapshot) => snapshot.context.error

/** Why the last resend failed, for beside the code form (the sent code still works). */
export const selectResendError = (snapshot: OtpAuthSnapshot) => snapshot.context.resendError

/** A request is in flight. */
export const selectIsBusy = (snapshot: OtpAuthSnapshot) =>
  snapshot.matches('requesting') || snapshot.matches('activating')

/** A new code may be requested now. */
export const selectCanResend = (snapshot: OtpAuthSnapshot) => snapshot.can({ type: 'code.resend' })

/** `flow.retry` would be accepted now (not before a rate limit's Retry-After). */
export const selectCanRetry = (snapshot: OtpAuthSnapshot) => snapshot.can({ type: 'flow.retry' })

/** The code was refused too often: only a resend or another identifier goes on. */
export const selectIsLocked = (snapshot: OtpAuthSnapshot) =>
  snapshot.matches({ awaitingCode: { code: 'locked' } })

export const selectIsCodeExpired = (snapshot: OtpAuthSnapshot) =>
  snapshot.matches({ awaitingCode: { code: 'expired' } })

/** Wrong codes still allowed: none once the code is locked, whoever locked it first. */
export const selectAttemptsRemaining = (snapshot: OtpAuthSnapshot) =>
  selectIsLocked(snapshot)
    ? 0
    : Math.max(0, snapshot.context.settings.maxAttempts - snapshot.context.attempts)

/** Epoch ms when the resend countdown ends, while it runs; otherwise `null`. */
export const selectResendDeadline = (snapshot: OtpAuthSnapshot) =>
  snapshot.matches({ awaitingCode: { resend: 'coolingDown' } })
    ? snapshot.context.resendAvailableAt
    : null

/** Epoch ms when a rate-limited retry becomes possible, while waiting; otherwise `null`. */
export const selectRetryDeadline = (snapshot: OtpAuthSnapshot) =>
  snapshot.matches({ error: 'waitingToRetry' }) ? snapshot.context.retryAvailableAt : null

export const secondsUntil = (deadline: number | null, now = Date.now()) =>
  deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000))

export const selectSecondsUntilResend = (snapshot: OtpAuthSnapshot, now = Date.now()) =>
  secondsUntil(selectResendDeadline(snapshot), now)

export const selectSecondsUntilRetry = (snapshot: OtpAuthSnapshot, now = Date.now()) =>
  secondsUntil(selectRetryDeadline(snapshot), now)

/** Everything a screen needs from the flow, in one object (compare it shallowly). */
export function selectOtpAuthView(snapshot: OtpAuthSnapshot) {
  const { context } = snapshot
  return {
    step: selectStep(snapshot),
    state: snapshot.value,
    identifier: context.identifier,
    intent: context.intent,
    language: context.language,
    error: context.error,
    resendError: context.resendError,
    attempts: context.attempts,
    attemptsRemaining: selectAttemptsRemaining(snapshot),
    /** New codes sent by `resend()` for this identifier: a "New code sent" confirmation. */
    resendCount: context.resendCount,
    codeExpiresAt: context.codeExpiresAt,
    authResult: context.authResult,
    isBusy: selectIsBusy(snapshot),
    canResend: selectCanResend(snapshot),
    canRetry: selectCanRetry(snapshot),
    isLocked: selectIsLocked(snapshot),
    isCodeExpired: selectIsCodeExpired(snapshot),
    /** A new code is being requested while an earlier one was sent (a resend). */
    isResending: snapshot.matches('requesting') && context.otpId !== null,
    /** In the `error` step: the request that failed and that `retry()` repeats. */
    failedStep: context.failedStep,
    codeLength: context.settings.codeLength,
  }
}

export type OtpAuthView = ReturnType<typeof selectOtpAuthView>

/** Shallow equality of two views, so a screen re-renders only when something it shows changed. */
export function isSameView(a: OtpAuthView, b: OtpAuthView): boolean {
  return (Object.keys(a) as (keyof OtpAuthView)[]).every((key) => Object.is(a[key], b[key]))
}

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

/**
 * The top-level state: `idle`, `requesting`, `awaitingCode`, `activating`, `authenticated` or `error`.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectStep } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * if (selectStep(actor.getSnapshot()) === 'awaitingCode') console.log('Enter the code')
 * ```
 */
export function selectStep(snapshot: OtpAuthSnapshot): OtpAuthStep {
  const { value } = snapshot
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as OtpAuthStep
}

/**
 * The flow's error (`OtpAuthError`), or `null`.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectError } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const error = selectError(actor.getSnapshot())
 * if (error) console.log(error.kind, error.message)
 * ```
 */
export const selectError = (snapshot: OtpAuthSnapshot) => snapshot.context.error

/**
 * Why the last resend failed, for beside the code form (the sent code still works).
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectResendError } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const failed = selectResendError(actor.getSnapshot())?.kind // such as 'rate_limited'
 * ```
 */
export const selectResendError = (snapshot: OtpAuthSnapshot) => snapshot.context.resendError

/**
 * A request is in flight.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectIsBusy } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const showSpinner = selectIsBusy(actor.getSnapshot())
 * ```
 */
export const selectIsBusy = (snapshot: OtpAuthSnapshot) =>
  snapshot.matches('requesting') || snapshot.matches('activating')

/**
 * A new code may be requested now.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectCanResend } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * if (selectCanResend(actor.getSnapshot())) actor.send({ type: 'code.resend' })
 * ```
 */
export const selectCanResend = (snapshot: OtpAuthSnapshot) => snapshot.can({ type: 'code.resend' })

/**
 * `flow.retry` would be accepted now (not before a rate limit's Retry-After).
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectCanRetry } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * if (selectCanRetry(actor.getSnapshot())) actor.send({ type: 'flow.retry' })
 * ```
 */
export const selectCanRetry = (snapshot: OtpAuthSnapshot) => snapshot.can({ type: 'flow.retry' })

/**
 * The code was refused too often: only a resend or another identifier goes on.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectIsLocked } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const onlyResendHelps = selectIsLocked(actor.getSnapshot())
 * ```
 */
export const selectIsLocked = (snapshot: OtpAuthSnapshot) =>
  snapshot.matches({ awaitingCode: { code: 'locked' } })

/**
 * The sent code has expired: only a resend or another identifier goes on.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectIsCodeExpired } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const askForANewCode = selectIsCodeExpired(actor.getSnapshot())
 * ```
 */
export const selectIsCodeExpired = (snapshot: OtpAuthSnapshot) =>
  snapshot.matches({ awaitingCode: { code: 'expired' } })

/**
 * Wrong codes still allowed: none once the code is locked, whoever locked it first.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectAttemptsRemaining } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * console.log(`${selectAttemptsRemaining(actor.getSnapshot())} attempts left`)
 * ```
 */
export const selectAttemptsRemaining = (snapshot: OtpAuthSnapshot) =>
  selectIsLocked(snapshot)
    ? 0
    : Math.max(0, snapshot.context.settings.maxAttempts - snapshot.context.attempts)

/**
 * Epoch ms when the resend countdown ends, while it runs; otherwise `null`.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectResendDeadline } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const deadline = selectResendDeadline(actor.getSnapshot())
 * if (deadline !== null) console.log(new Date(deadline).toLocaleTimeString())
 * ```
 */
export const selectResendDeadline = (snapshot: OtpAuthSnapshot) =>
  snapshot.matches({ awaitingCode: { resend: 'coolingDown' } })
    ? snapshot.context.resendAvailableAt
    : null

/**
 * Epoch ms when a rate-limited retry becomes possible, while waiting; otherwise `null`.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectRetryDeadline } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const retryAt = selectRetryDeadline(actor.getSnapshot()) // null unless rate limited
 * ```
 */
export const selectRetryDeadline = (snapshot: OtpAuthSnapshot) =>
  snapshot.matches({ error: 'waitingToRetry' }) ? snapshot.context.retryAvailableAt : null

/**
 * Whole seconds from `now` until `deadline` (rounded up), 0 when it has passed or is `null`.
 *
 * @example
 * ```ts
 * import { secondsUntil } from '@passage-otp/core'
 *
 * secondsUntil(Date.now() + 2_500) // 3
 * secondsUntil(null) // 0
 * ```
 */
export const secondsUntil = (deadline: number | null, now = Date.now()) =>
  deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000))

/**
 * Whole seconds until a resend is allowed, 0 when it is (or no code is out).
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectSecondsUntilResend } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * console.log(`Resend code in ${selectSecondsUntilResend(actor.getSnapshot())} s`)
 * ```
 */
export const selectSecondsUntilResend = (snapshot: OtpAuthSnapshot, now = Date.now()) =>
  secondsUntil(selectResendDeadline(snapshot), now)

/**
 * Whole seconds until a rate-limited retry is allowed, 0 when it is.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectSecondsUntilRetry } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * console.log(`Try again in ${selectSecondsUntilRetry(actor.getSnapshot())} s`)
 * ```
 */
export const selectSecondsUntilRetry = (snapshot: OtpAuthSnapshot, now = Date.now()) =>
  secondsUntil(selectRetryDeadline(snapshot), now)

/**
 * Everything a screen needs from the flow, in one object (compare it shallowly).
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, selectOtpAuthView } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const { step, error, isBusy, attemptsRemaining } = selectOtpAuthView(actor.getSnapshot())
 * ```
 */
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

/**
 * Shallow equality of two views, so a screen re-renders only when something it shows changed.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, isSameView, selectOtpAuthView } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * let view = selectOtpAuthView(actor.getSnapshot())
 * actor.subscribe((snapshot) => {
 *   const next = selectOtpAuthView(snapshot)
 *   if (!isSameView(view, next)) view = next // re-render here
 * })
 * ```
 */
export function isSameView(a: OtpAuthView, b: OtpAuthView): boolean {
  return (Object.keys(a) as (keyof OtpAuthView)[]).every((key) => Object.is(a[key], b[key]))
}

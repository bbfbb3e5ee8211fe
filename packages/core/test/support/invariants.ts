import { isOtpAuthError, otpAuthErrorKinds } from '../../src/errors'
import {
  type OtpAuthSnapshot,
  selectCanResend,
  selectCanRetry,
  selectIsBusy,
  selectSecondsUntilResend,
  selectSecondsUntilRetry,
} from '../../src/selectors'
import type { OtpRequestName } from '../../src/testing'

export class InvariantError extends Error {
  override readonly name = 'InvariantError'
}

/** Throws an `InvariantError` naming the state when `condition` is false. */
export function check(condition: unknown, message: string, snapshot?: OtpAuthSnapshot): void {
  if (condition) return
  const where = snapshot ? ` (state ${JSON.stringify(snapshot.value)})` : ''
  throw new InvariantError(`${message}${where}`)
}

/** The request the machine should be waiting for in this state, if any. */
export function expectedRequest(snapshot: OtpAuthSnapshot): OtpRequestName | null {
  if (snapshot.matches({ requesting: 'login' })) return 'requestLoginOtp'
  if (snapshot.matches({ requesting: 'register' })) return 'requestRegisterOtp'
  if (snapshot.matches('activating')) return 'activateOtp'
  return null
}

/**
 * The invariants of the design that hold in every state, whatever happened before: a live
 * actor, exactly the one request its state is waiting for, typed errors only, an auth result
 * only when authenticated, and countdowns that agree with what the machine accepts.
 */
export function assertFlowInvariants(
  snapshot: OtpAuthSnapshot,
  observed: { pending: readonly OtpRequestName[]; now: number },
): void {
  const { context } = snapshot
  check(snapshot.status === 'active', `actor status is ${snapshot.status}`, snapshot)

  const expected = expectedRequest(snapshot)
  check(observed.pending.length <= 1, `${observed.pending.length} requests in flight`, snapshot)
  check(
    (observed.pending[0] ?? null) === expected,
    `in flight: ${observed.pending.join(', ') || 'none'}, expected ${expected ?? 'none'}`,
    snapshot,
  )
  check(selectIsBusy(snapshot) === (expected !== null), 'isBusy disagrees with the state', snapshot)

  if (context.error !== null) {
    check(isOtpAuthError(context.error), 'context.error is not an OtpAuthError', snapshot)
    check(
      otpAuthErrorKinds.includes(context.error.kind),
      `unknown error kind ${String(context.error.kind)}`,
      snapshot,
    )
  }
  if (snapshot.matches('error')) {
    check(context.error !== null, 'error state without an error', snapshot)
    check(context.failedStep !== null, 'error state without a failed step', snapshot)
  }
  check(
    (context.authResult !== null) === snapshot.matches('authenticated'),
    'authResult present outside authenticated, or missing in it',
    snapshot,
  )
  check(context.attempts >= 0, 'negative attempts', snapshot)

  const resendDeadline = context.resendAvailableAt
  const coolingDown = snapshot.matches({ awaitingCode: { resend: 'coolingDown' } })
  const ready = snapshot.matches({ awaitingCode: { resend: 'ready' } })
  check(selectCanResend(snapshot) === ready, 'canResend disagrees with resend.ready', snapshot)
  const secondsUntilResend = selectSecondsUntilResend(snapshot, observed.now)
  if (coolingDown) {
    check(resendDeadline !== null, 'cooling down without a deadline', snapshot)
    check(observed.now < (resendDeadline ?? 0), 'cooling down past the deadline', snapshot)
    check(secondsUntilResend > 0, 'cooling down but 0 seconds until resend', snapshot)
    // After a failed resend the countdown is its Retry-After, otherwise the cooldown.
    const waitMs = context.resendError?.retryAfterMs ?? context.settings.resendCooldownMs
    const waitSeconds = Math.ceil(waitMs / 1000)
    check(secondsUntilResend <= waitSeconds, 'more seconds to wait than the cooldown', snapshot)
  } else {
    check(secondsUntilResend === 0, 'seconds until resend outside the countdown', snapshot)
  }
  if (ready) {
    check(observed.now >= (resendDeadline ?? 0), 'resend ready before the deadline', snapshot)
  }

  if (snapshot.matches({ awaitingCode: { code: 'entering' } })) {
    check(context.otpId !== null, 'entering a code without an otpId', snapshot)
    check(observed.now < (context.codeExpiresAt ?? 0), 'code still open past its expiry', snapshot)
  }
  if (snapshot.matches({ awaitingCode: { code: 'expired' } })) {
    check(observed.now >= (context.codeExpiresAt ?? 0), 'code expired too early', snapshot)
    check(context.error?.kind === 'code_expired', 'expired without code_expired', snapshot)
  }

  const waiting = snapshot.matches({ error: 'waitingToRetry' })
  const secondsUntilRetry = selectSecondsUntilRetry(snapshot, observed.now)
  check(
    selectCanRetry(snapshot) === snapshot.matches({ error: 'retryable' }),
    'canRetry disagrees with error.retryable',
    snapshot,
  )
  if (waiting) {
    check(observed.now < (context.retryAvailableAt ?? 0), 'waiting past Retry-After', snapshot)
    check(secondsUntilRetry > 0, 'waiting to retry but 0 seconds left', snapshot)
  } else {
    check(secondsUntilRetry === 0, 'seconds until retry outside waitingToRetry', snapshot)
  }
  if (snapshot.matches({ error: 'retryable' }) && context.retryAvailableAt !== null) {
    check(observed.now >= context.retryAvailableAt, 'retry allowed before Retry-After', snapshot)
  }
}

import { createOtpAuthCommands, type OtpAuthCommands } from './commands'
import { type CountdownStore, createCountdown } from './countdown'
import { selectResendDeadline, selectRetryDeadline } from './selectors'
import type { OtpAuthEvent } from './types'

/** What a framework binding adds to the view: the commands and the two ticking countdowns. */
export interface OtpAuthBindings {
  commands: OtpAuthCommands
  /** Whole seconds until a resend is allowed. */
  secondsUntilResend: CountdownStore
  /** Whole seconds until a rate-limited retry is allowed. */
  secondsUntilRetry: CountdownStore
}

/**
 * Everything an adapter binds besides `selectOtpAuthView`, created once per actor.
 *
 * @example
 * ```ts
 * import { bindOtpAuth, createOtpAuthActor } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const { commands, secondsUntilResend } = bindOtpAuth(actor)
 * secondsUntilResend.subscribe(() => console.log(secondsUntilResend.getSnapshot(), 's'))
 * commands.submitIdentifier('ada@example.com')
 * ```
 */
export function bindOtpAuth(
  actor: Parameters<typeof createCountdown>[0] & { send(event: OtpAuthEvent): void },
): OtpAuthBindings {
  return {
    commands: createOtpAuthCommands(actor),
    secondsUntilResend: createCountdown(actor, selectResendDeadline),
    secondsUntilRetry: createCountdown(actor, selectRetryDeadline),
  }
}

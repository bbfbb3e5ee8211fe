import type { OtpAuthSnapshot } from './selectors'
import type { OtpAuthEvent, OtpIntent } from './types'

export interface SubmitIdentifierOptions {
  intent?: OtpIntent
  language?: string
}

/** The flow's events as functions, for buttons and forms. */
export interface OtpAuthCommands {
  submitIdentifier(identifier: string, options?: SubmitIdentifierOptions): void
  submitCode(code: string): void
  resend(): void
  cancel(): void
  retry(): void
  changeIdentifier(): void
  /**
   * On the error screen, the flow's identifier again with another intent, as
   * `ui.offers.switchIntent` offers it ("Sign up instead" after `user_not_found`); its language
   * is kept. Elsewhere it does nothing.
   */
  switchIntent(intent: OtpIntent): void
  reset(): void
}

/** What the commands need of the flow's actor. */
export interface OtpAuthCommandTarget {
  send(event: OtpAuthEvent): void
  getSnapshot(): OtpAuthSnapshot
}

/**
 * The flow's events as functions, bound to an actor.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, createOtpAuthCommands } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const flow = createOtpAuthCommands(actor)
 * flow.submitIdentifier('ada@example.com', { intent: 'register' })
 * flow.submitCode('123456')
 * ```
 */
export function createOtpAuthCommands(actor: OtpAuthCommandTarget): OtpAuthCommands {
  return {
    // Only the two options are read: an options object cannot change the event or its identifier.
    submitIdentifier: (identifier, options) =>
      actor.send({
        type: 'identifier.submit',
        identifier,
        intent: options?.intent,
        language: options?.language,
      }),
    submitCode: (code) => actor.send({ type: 'code.submit', code }),
    resend: () => actor.send({ type: 'code.resend' }),
    cancel: () => actor.send({ type: 'flow.cancel' }),
    retry: () => actor.send({ type: 'flow.retry' }),
    changeIdentifier: () => actor.send({ type: 'identifier.change' }),
    switchIntent(intent) {
      const snapshot = actor.getSnapshot()
      if (!snapshot.matches('error')) return
      const { identifier, language } = snapshot.context
      actor.send({ type: 'identifier.change' })
      actor.send({ type: 'identifier.submit', identifier, intent, language })
    },
    reset: () => actor.send({ type: 'flow.reset' }),
  }
}

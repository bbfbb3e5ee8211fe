import { createOtpAuthCommands, type OtpAuthCommands, type OtpAuthCommandTarget } from './commands'
import {
  connectOtpAuthUi,
  type OtpAuthUi,
  type OtpAuthUiOptions,
  type OtpAuthUiState,
} from './connect'
import { type CountdownStore, createCountdown } from './countdown'
import {
  isSameView,
  type OtpAuthSnapshot,
  type OtpAuthView,
  selectOtpAuthView,
  selectResendDeadline,
  selectRetryDeadline,
} from './selectors'

/** What a screen shows of the flow: the view, the two countdowns and the `ui` made of them. */
export interface OtpAuthState<Ui = OtpAuthUi> extends OtpAuthUiState {
  /** Whole seconds until a resend is allowed; ticks by itself while subscribed. */
  secondsUntilResend: number
  /** Whole seconds until a retry is allowed after a rate limit; ticks by itself while subscribed. */
  secondsUntilRetry: number
  /** What the screen shows, from `connectOtpAuthUi`: screen, offers, messages, props. */
  ui: Ui
}

/** What a framework binding adds to the view: the commands, the countdowns, the whole state. */
export interface OtpAuthBindings<Ui = OtpAuthUi> {
  commands: OtpAuthCommands
  /** Whole seconds until a resend is allowed. */
  secondsUntilResend: CountdownStore
  /** Whole seconds until a rate-limited retry is allowed. */
  secondsUntilRetry: CountdownStore
  /** The flow's state as a screen shows it: the same object until something in it changes. */
  getSnapshot(): OtpAuthState<Ui>
  /** Calls `listener` when `getSnapshot()` may have changed; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

/**
 * Everything an adapter binds, created once per actor: a store of what the screen shows (for
 * `useSyncExternalStore` or a `shallowRef`), the commands and the countdowns. `options` (the
 * words and ids of `ui`) are read once; `toUi` maps each `ui`, such as `toHtmlUi`.
 *
 * @example
 * ```ts
 * import { bindOtpAuth, createOtpAuthActor } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const flow = bindOtpAuth(actor)
 * flow.subscribe(() => {
 *   const { ui, secondsUntilResend } = flow.getSnapshot()
 *   console.log(ui.status.text, secondsUntilResend)
 * })
 * flow.commands.submitIdentifier('ada@example.com')
 * ```
 */
export function bindOtpAuth<Ui = OtpAuthUi>(
  actor: Parameters<typeof createCountdown>[0] & OtpAuthCommandTarget,
  options: OtpAuthUiOptions = {},
  toUi: (ui: OtpAuthUi) => Ui = (ui) => ui as Ui,
): OtpAuthBindings<Ui> {
  const { messages, id } = options
  const secondsUntilResend = createCountdown(actor, selectResendDeadline)
  const secondsUntilRetry = createCountdown(actor, selectRetryDeadline)
  let snapshot: OtpAuthSnapshot | undefined
  let view: OtpAuthView
  let state: OtpAuthState<Ui> | undefined

  function getSnapshot(): OtpAuthState<Ui> {
    const next = actor.getSnapshot()
    if (next !== snapshot) {
      snapshot = next
      view = selectOtpAuthView(next)
    }
    const uiState: OtpAuthUiState = {
      ...view,
      secondsUntilResend: secondsUntilResend.getSnapshot(),
      secondsUntilRetry: secondsUntilRetry.getSnapshot(),
    }
    if (!state || !isSameView(uiState, state)) {
      state = { ...uiState, ui: toUi(connectOtpAuthUi(uiState, { messages, id })) }
    }
    return state
  }

  return {
    commands: createOtpAuthCommands(actor),
    secondsUntilResend,
    secondsUntilRetry,
    getSnapshot,
    subscribe(listener) {
      // The countdowns first: a state change reaches `listener` once they have counted it.
      const stops = [secondsUntilResend.subscribe(listener), secondsUntilRetry.subscribe(listener)]
      const subscription = actor.subscribe(() => listener())
      return () => {
        subscription.unsubscribe()
        for (const stop of stops) stop()
      }
    },
  }
}

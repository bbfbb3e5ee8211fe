import {
  bindOtpAuth,
  type CountdownStore,
  connectOtpAuth,
  connectOtpAuthUi,
  createOtpAuthLogic,
  isSameView,
  type OtpAuthCommands,
  type OtpAuthLogic,
  type OtpAuthOptions,
  type OtpAuthUi,
  type OtpAuthUiOptions,
  type OtpAuthView,
  selectOtpAuthView,
  toOtpAuthActorOptions,
} from '@passage-otp/core'
import { useActorRef, useSelector } from '@xstate/react'
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { ActorRefFrom } from 'xstate'

export type UseOtpAuthOptions = OtpAuthOptions & OtpAuthUiOptions
export type OtpAuthActorRef = ActorRefFrom<OtpAuthLogic>

export interface UseOtpAuthResult extends OtpAuthView, OtpAuthCommands {
  /** Whole seconds until `resend()` is allowed; ticks by itself. */
  secondsUntilResend: number
  /** Whole seconds until `retry()` is allowed after a rate limit; ticks by itself. */
  secondsUntilRetry: number
  /** What the screen shows, from the core's `connectOtpAuthUi`: screen, offers, messages, props. */
  ui: OtpAuthUi
  /** The running actor, for `useSelector` or `.on('authenticated', …)`. */
  actorRef: OtpAuthActorRef
}

/**
 * Starts one OTP flow for this component and returns what its screen needs.
 *
 * @example
 * ```tsx
 * import { useOtpAuth } from '@passage-otp/react'
 * import { useState } from 'react'
 *
 * export function Login() {
 *   const { ui, submitIdentifier, submitCode } = useOtpAuth({ appId: 'demo' })
 *   const [value, setValue] = useState('')
 *   const submit = () => (ui.screen === 'identifier' ? submitIdentifier(value) : submitCode(value))
 *   return (
 *     <form onSubmit={(event) => (event.preventDefault(), submit())}>
 *       <input value={value} onChange={(event) => setValue(event.target.value)} />
 *       {ui.alert && <p {...ui.alert.props}>{ui.alert.text}</p>}
 *       <p {...ui.status.props}>{ui.status.text}</p>
 *     </form>
 *   )
 * }
 * ```
 */
export function useOtpAuth(options: UseOtpAuthOptions): UseOtpAuthResult {
  return useOtpAuthActor(useOtpAuthActorRef(options), options)
}

/**
 * Creates and starts the flow's actor for this component's lifetime.
 *
 * @example
 * ```tsx
 * import { useOtpAuthActor, useOtpAuthActorRef } from '@passage-otp/react'
 *
 * export function Login() {
 *   const actorRef = useOtpAuthActorRef({ appId: 'demo' })
 *   const { step } = useOtpAuthActor(actorRef)
 *   return <p>{step}</p>
 * }
 * ```
 */
export function useOtpAuthActorRef(options: UseOtpAuthOptions): OtpAuthActorRef {
  const [logic] = useState(() => createOtpAuthLogic(options))
  const actorRef = useActorRef(logic, toOtpAuthActorOptions(options))
  // biome-ignore lint/correctness/useExhaustiveDependencies: options are read once, like the logic
  useEffect(() => connectOtpAuth(actorRef, options), [actorRef])
  return actorRef
}

/**
 * What `useOtpAuth` returns, for an actor that already runs (such as a provider's); `uiOptions`
 * (the words, the ids) are read once.
 *
 * @example
 * ```tsx
 * import { type OtpAuthActorRef, useOtpAuthActor } from '@passage-otp/react'
 *
 * export function Status({ actorRef }: { actorRef: OtpAuthActorRef }) {
 *   const { ui } = useOtpAuthActor(actorRef, { messages: { verifying: 'Checking…' } })
 *   return <p {...ui.status.props}>{ui.status.text}</p>
 * }
 * ```
 */
export function useOtpAuthActor(
  actorRef: OtpAuthActorRef,
  uiOptions: OtpAuthUiOptions = {},
): UseOtpAuthResult {
  const view = useSelector(actorRef, selectOtpAuthView, isSameView)
  const bindings = useMemo(() => bindOtpAuth(actorRef), [actorRef])
  const secondsUntilResend = useCountdown(bindings.secondsUntilResend)
  const secondsUntilRetry = useCountdown(bindings.secondsUntilRetry)
  const [{ messages, id }] = useState(() => uiOptions)
  const ui = useMemo(
    () => connectOtpAuthUi({ ...view, secondsUntilResend, secondsUntilRetry }, { messages, id }),
    [view, secondsUntilResend, secondsUntilRetry, messages, id],
  )
  return { ...view, ...bindings.commands, secondsUntilResend, secondsUntilRetry, ui, actorRef }
}

function useCountdown(countdown: CountdownStore) {
  return useSyncExternalStore(countdown.subscribe, countdown.getSnapshot, countdown.getSnapshot)
}

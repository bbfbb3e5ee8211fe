import {
  bindOtpAuth,
  connectOtpAuth,
  createOtpAuthLogic,
  type OtpAuthBindings,
  type OtpAuthCommands,
  type OtpAuthLogic,
  type OtpAuthOptions,
  type OtpAuthState,
  type OtpAuthUiOptions,
  toOtpAuthActorOptions,
} from '@passage-otp/core'
import { useActorRef } from '@xstate/react'
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { ActorRefFrom } from 'xstate'

export type UseOtpAuthOptions = OtpAuthOptions & OtpAuthUiOptions
export type OtpAuthActorRef = ActorRefFrom<OtpAuthLogic>

export interface UseOtpAuthResult extends OtpAuthState, OtpAuthCommands {
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
  return useBoundFlow(useBindOtpAuth(actorRef, uiOptions))
}

/** A running actor and the core's binding of it, made once per actor (`uiOptions` read once). */
export type BoundFlow = readonly [OtpAuthActorRef, OtpAuthBindings]

export function useBindOtpAuth(actorRef: OtpAuthActorRef, uiOptions: OtpAuthUiOptions): BoundFlow {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the words and ids are read once
  return useMemo(() => [actorRef, bindOtpAuth(actorRef, uiOptions)], [actorRef])
}

/** The binding's state in React: re-renders when something the screen shows changed. */
export function useBoundFlow([actorRef, flow]: BoundFlow): UseOtpAuthResult {
  const state = useSyncExternalStore(flow.subscribe, flow.getSnapshot, flow.getSnapshot)
  return { ...state, ...flow.commands, actorRef }
}

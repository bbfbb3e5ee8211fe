import {
  bindOtpAuth,
  type CountdownStore,
  connectOtpAuth,
  createOtpAuthLogic,
  isSameView,
  type OtpAuthCommands,
  type OtpAuthLogic,
  type OtpAuthOptions,
  type OtpAuthView,
  selectOtpAuthView,
  toOtpAuthActorOptions,
} from '@passage-otp/core'
import { useActorRef, useSelector } from '@xstate/react'
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { ActorRefFrom } from 'xstate'

export type UseOtpAuthOptions = OtpAuthOptions
export type OtpAuthActorRef = ActorRefFrom<OtpAuthLogic>

export interface UseOtpAuthResult extends OtpAuthView, OtpAuthCommands {
  /** Whole seconds until `resend()` is allowed; ticks by itself. */
  secondsUntilResend: number
  /** Whole seconds until `retry()` is allowed after a rate limit; ticks by itself. */
  secondsUntilRetry: number
  /** The running actor, for `useSelector` or `.on('authenticated', …)`. */
  actorRef: OtpAuthActorRef
}

/** Starts one OTP flow for this component and returns what its screen needs. */
export function useOtpAuth(options: UseOtpAuthOptions): UseOtpAuthResult {
  return useOtpAuthActor(useOtpAuthActorRef(options))
}

/** Creates and starts the flow's actor for this component's lifetime. */
export function useOtpAuthActorRef(options: UseOtpAuthOptions): OtpAuthActorRef {
  const [logic] = useState(() => createOtpAuthLogic(options))
  const actorRef = useActorRef(logic, toOtpAuthActorOptions(options))
  // biome-ignore lint/correctness/useExhaustiveDependencies: options are read once, like the logic
  useEffect(() => connectOtpAuth(actorRef, options), [actorRef])
  return actorRef
}

/** What `useOtpAuth` returns, for an actor that already runs (such as a provider's). */
export function useOtpAuthActor(actorRef: OtpAuthActorRef): UseOtpAuthResult {
  const view = useSelector(actorRef, selectOtpAuthView, isSameView)
  const bindings = useMemo(() => bindOtpAuth(actorRef), [actorRef])
  const secondsUntilResend = useCountdown(bindings.secondsUntilResend)
  const secondsUntilRetry = useCountdown(bindings.secondsUntilRetry)
  return { ...view, ...bindings.commands, secondsUntilResend, secondsUntilRetry, actorRef }
}

function useCountdown(countdown: CountdownStore) {
  return useSyncExternalStore(countdown.subscribe, countdown.getSnapshot, countdown.getSnapshot)
}

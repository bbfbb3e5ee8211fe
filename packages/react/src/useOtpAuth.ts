import {
  connectOtpAuth,
  createCountdown,
  createOtpAuthCommands,
  createOtpAuthLogic,
  isSameView,
  type OtpAuthCommands,
  type OtpAuthLogic,
  type OtpAuthOptions,
  type OtpAuthView,
  selectOtpAuthView,
  selectResendDeadline,
  selectRetryDeadline,
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
  const secondsUntilResend = useCountdown(actorRef, selectResendDeadline)
  const secondsUntilRetry = useCountdown(actorRef, selectRetryDeadline)
  const commands = useMemo(() => createOtpAuthCommands(actorRef), [actorRef])
  return { ...view, ...commands, secondsUntilResend, secondsUntilRetry, actorRef }
}

function useCountdown(actorRef: OtpAuthActorRef, selectDeadline: typeof selectResendDeadline) {
  const countdown = useMemo(
    () => createCountdown(actorRef, selectDeadline),
    [actorRef, selectDeadline],
  )
  return useSyncExternalStore(countdown.subscribe, countdown.getSnapshot, countdown.getSnapshot)
}

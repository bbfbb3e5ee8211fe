import {
  bindOtpAuth,
  connectOtpAuth,
  createOtpAuthLogic,
  type OtpAuthCommands,
  type OtpAuthHtmlUi,
  type OtpAuthLogic,
  type OtpAuthOptions,
  type OtpAuthUiOptions,
  type OtpAuthView,
  toHtmlUi,
  toOtpAuthActorOptions,
} from '@passage-otp/core'
import { useActorRef } from '@xstate/vue'
import { type ComputedRef, computed, type InjectionKey, inject, provide, type Ref } from 'vue'
import type { ActorRefFrom } from 'xstate'
import { useStore, whileMounted } from './useStore'

export type UseOtpAuthOptions = OtpAuthOptions & OtpAuthUiOptions
export type OtpAuthActorRef = ActorRefFrom<OtpAuthLogic>

export type OtpAuthViewRefs = { [K in keyof OtpAuthView]: ComputedRef<OtpAuthView[K]> }

export type UseOtpAuthReturn = OtpAuthViewRefs &
  OtpAuthCommands & {
    /** Whole seconds until `resend()` is allowed; ticks by itself. */
    secondsUntilResend: Readonly<Ref<number>>
    /** Whole seconds until `retry()` is allowed after a rate limit; ticks by itself. */
    secondsUntilRetry: Readonly<Ref<number>>
    /**
     * What the screen shows, from the core's `connectOtpAuthUi`: screen, offers, messages, and
     * input props under HTML attribute names (`v-bind="ui.codeInputProps"`).
     */
    ui: ComputedRef<OtpAuthHtmlUi>
    /** The running actor, for `useSelector` or `.on('authenticated', …)`. */
    actorRef: OtpAuthActorRef
  }

/**
 * Starts one OTP flow for this component (stopped when it unmounts) and returns refs for it.
 *
 * @example
 * ```ts
 * import { useOtpAuth } from '@passage-otp/vue'
 *
 * // In a component's <script setup>:
 * const { ui, step, submitIdentifier } = useOtpAuth({ appId: 'demo' })
 * submitIdentifier('ada@example.com')
 * console.log(step.value, ui.value.status.text) // 'requesting', 'Sending code…'
 * ```
 */
export function useOtpAuth(options: UseOtpAuthOptions): UseOtpAuthReturn {
  const actorRef = useActorRef(createOtpAuthLogic(options), toOtpAuthActorOptions(options))
  whileMounted(() => connectOtpAuth(actorRef, options))
  return useOtpAuthActor(actorRef, options)
}

/**
 * Refs and commands for an actor that already runs; `uiOptions` are the words and ids of `ui`.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor } from '@passage-otp/core'
 * import { useOtpAuthActor } from '@passage-otp/vue'
 *
 * // In a component's <script setup>, for an actor started elsewhere:
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const { step, ui } = useOtpAuthActor(actor, { messages: { verifying: 'Checking…' } })
 * ```
 */
export function useOtpAuthActor(
  actorRef: OtpAuthActorRef,
  uiOptions: OtpAuthUiOptions = {},
): UseOtpAuthReturn {
  const flow = bindOtpAuth(actorRef, uiOptions, toHtmlUi)
  const state = useStore(flow)
  const refs = Object.fromEntries(
    Object.keys(state.value).map((key) => [
      key,
      computed(() => state.value[key as keyof typeof state.value]),
    ]),
  )
  return { ...refs, ...flow.commands, actorRef } as UseOtpAuthReturn
}

export const otpAuthKey: InjectionKey<UseOtpAuthReturn> = Symbol('passage-otp')

/**
 * Starts a flow and shares it with every `injectOtpAuth()` in this component's subtree.
 *
 * @example
 * ```ts
 * import { provideOtpAuth } from '@passage-otp/vue'
 *
 * // In the parent component's <script setup>:
 * provideOtpAuth({ appId: 'demo', baseURL: 'http://127.0.0.1:8787/v1' })
 * ```
 */
export function provideOtpAuth(options: UseOtpAuthOptions): UseOtpAuthReturn {
  const flow = useOtpAuth(options)
  provide(otpAuthKey, flow)
  return flow
}

/**
 * The flow of the nearest `provideOtpAuth()`.
 *
 * @example
 * ```ts
 * import { injectOtpAuth } from '@passage-otp/vue'
 *
 * // In any component below provideOtpAuth():
 * const { ui, resend } = injectOtpAuth()
 * if (ui.value.offers.resend.enabled) resend()
 * ```
 */
export function injectOtpAuth(): UseOtpAuthReturn {
  const flow = inject(otpAuthKey, null)
  if (!flow) throw new Error('injectOtpAuth() needs provideOtpAuth() in a parent component.')
  return flow
}

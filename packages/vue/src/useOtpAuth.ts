import {
  bindOtpAuth,
  type CountdownStore,
  connectOtpAuth,
  connectOtpAuthUi,
  createOtpAuthLogic,
  isSameView,
  type OtpAuthCommands,
  type OtpAuthHtmlUi,
  type OtpAuthLogic,
  type OtpAuthOptions,
  type OtpAuthUiOptions,
  type OtpAuthView,
  selectOtpAuthView,
  toHtmlUi,
  toOtpAuthActorOptions,
} from '@passage-otp/core'
import { useActorRef, useSelector } from '@xstate/vue'
import {
  type ComputedRef,
  computed,
  type InjectionKey,
  inject,
  onBeforeUnmount,
  onMounted,
  provide,
  type Ref,
  readonly,
  shallowRef,
} from 'vue'
import type { ActorRefFrom } from 'xstate'

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
  let disconnect: (() => void) | undefined
  onMounted(() => {
    disconnect = connectOtpAuth(actorRef, options)
  })
  onBeforeUnmount(() => disconnect?.())
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
  const view = useSelector(actorRef, selectOtpAuthView, isSameView)
  const fields = Object.fromEntries(
    Object.keys(view.value).map((key) => [
      key,
      computed(() => view.value[key as keyof OtpAuthView]),
    ]),
  ) as unknown as OtpAuthViewRefs
  const bindings = bindOtpAuth(actorRef)
  const secondsUntilResend = useCountdown(bindings.secondsUntilResend)
  const secondsUntilRetry = useCountdown(bindings.secondsUntilRetry)
  const { messages, id } = uiOptions
  const ui = computed(() =>
    toHtmlUi(
      connectOtpAuthUi(
        {
          ...view.value,
          secondsUntilResend: secondsUntilResend.value,
          secondsUntilRetry: secondsUntilRetry.value,
        },
        { messages, id },
      ),
    ),
  )
  return { ...fields, ...bindings.commands, secondsUntilResend, secondsUntilRetry, ui, actorRef }
}

function useCountdown(countdown: CountdownStore) {
  const seconds = shallowRef(countdown.getSnapshot())
  let unsubscribe: (() => void) | undefined
  onMounted(() => {
    unsubscribe = countdown.subscribe(() => {
      seconds.value = countdown.getSnapshot()
    })
    seconds.value = countdown.getSnapshot()
  })
  onBeforeUnmount(() => unsubscribe?.())
  return readonly(seconds)
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

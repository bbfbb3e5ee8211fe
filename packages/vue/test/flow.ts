import type { OtpAuthInput } from '@passage-otp/core'
import { type ControllableClient, createControllableClient } from '@passage-otp/core/testing'
import { mount } from '@vue/test-utils'
import { defineComponent, h, onUpdated } from 'vue'
import { type UseOtpAuthOptions, type UseOtpAuthReturn, useOtpAuth } from '../src'

/** What a login screen shows, as data attributes the tests read back. */
export function renderFlow(flow: UseOtpAuthReturn) {
  return h('main', { 'data-step': flow.step.value }, [
    h('h1', flow.step.value),
    h('p', { 'data-testid': 'error' }, flow.error.value?.kind ?? ''),
    h('p', { 'data-testid': 'resend-error' }, flow.resendError.value?.kind ?? ''),
    h('p', { 'data-testid': 'can-resend' }, String(flow.canResend.value)),
    h('p', { 'data-testid': 'can-retry' }, String(flow.canRetry.value)),
    h('p', { 'data-testid': 'locked' }, String(flow.isLocked.value)),
    h('p', { 'data-testid': 'code-expired' }, String(flow.isCodeExpired.value)),
    h('p', { 'data-testid': 'seconds-until-resend' }, String(flow.secondsUntilResend.value)),
    h('p', { 'data-testid': 'attempts-remaining' }, String(flow.attemptsRemaining.value)),
    h('p', { 'data-testid': 'busy' }, String(flow.isBusy.value)),
  ])
}

/** Mounts a tiny login screen on `useOtpAuth` with a client whose requests the test settles. */
export function mountFlow(
  input?: OtpAuthInput,
  extra: Omit<UseOtpAuthOptions, 'client' | 'appId' | 'input'> = {},
) {
  const controllable: ControllableClient = createControllableClient()
  let flow: UseOtpAuthReturn | undefined
  let updates = 0
  const LoginScreen = defineComponent({
    name: 'LoginScreen',
    setup() {
      const own = useOtpAuth({ client: controllable.client, input, ...extra })
      flow = own
      onUpdated(() => {
        updates += 1
      })
      return () => renderFlow(own)
    },
  })
  const wrapper = mount(LoginScreen)
  if (!flow) throw new Error('LoginScreen did not run its setup')
  const mounted = flow
  const text = (id: string) => wrapper.get(`[data-testid="${id}"]`).text()
  return {
    wrapper,
    controllable,
    flow: mounted,
    /** Times the screen re-rendered after mounting. */
    updates: () => updates,
    rendered: () => ({
      step: wrapper.get('main').attributes('data-step'),
      error: text('error'),
      resendError: text('resend-error'),
      canResend: text('can-resend') === 'true',
      canRetry: text('can-retry') === 'true',
      isLocked: text('locked') === 'true',
      isCodeExpired: text('code-expired') === 'true',
      secondsUntilResend: Number(text('seconds-until-resend')),
      attemptsRemaining: Number(text('attempts-remaining')),
      busy: text('busy') === 'true',
    }),
  }
}

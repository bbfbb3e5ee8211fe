import { createControllableClient, flushRequests } from '@passage-otp/core/testing'
import { renderToString } from '@vue/server-renderer'
import { expect, test, vi } from 'vitest'
import { createSSRApp, defineComponent, nextTick } from 'vue'
import { useOtpAuth } from '../src'
import { renderFlow } from './flow'

test('server HTML hydrates without a mismatch and the flow starts on the client', async () => {
  const controllable = createControllableClient()
  let submit: (() => void) | undefined
  const LoginScreen = defineComponent({
    setup() {
      const flow = useOtpAuth({ client: controllable.client })
      submit = () => flow.submitIdentifier('ada@example.com')
      return () => renderFlow(flow)
    },
  })
  const container = document.createElement('div')
  container.innerHTML = await renderToString(createSSRApp(LoginScreen))
  const warn = vi.spyOn(console, 'warn')
  const error = vi.spyOn(console, 'error')

  const app = createSSRApp(LoginScreen)
  app.mount(container)

  expect(warn).not.toHaveBeenCalled()
  expect(error).not.toHaveBeenCalled()
  expect(container.querySelector('main')?.dataset.step).toBe('idle')
  submit?.()
  await nextTick()
  expect(container.querySelector('main')?.dataset.step).toBe('requesting')
  expect(controllable.calls).toHaveLength(1)
  controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  await nextTick()
  expect(container.querySelector('main')?.dataset.step).toBe('awaitingCode')
  app.unmount()
  warn.mockRestore()
  error.mockRestore()
})

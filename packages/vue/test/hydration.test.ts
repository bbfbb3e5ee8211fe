import { createFlowPersistence, createMemoryStorage } from '@passage-otp/core'
import { createControllableClient, flushRequests } from '@passage-otp/core/testing'
import { renderToString } from '@vue/server-renderer'
import { expect, test, vi } from 'vitest'
import { createSSRApp, defineComponent, nextTick } from 'vue'
import { useOtpAuth } from '../src'
import { mountFlow, renderFlow } from './flow'

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

test('a persisted code step is restored right after hydration, without a mismatch', async () => {
  const storage = createMemoryStorage()
  const earlier = mountFlow(undefined, { persist: createFlowPersistence({ storage }) })
  await flushRequests()
  earlier.flow.submitIdentifier('ada@example.com')
  earlier.controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  earlier.wrapper.unmount()
  expect(storage.size).toBe(1)

  const controllable = createControllableClient()
  const LoginScreen = defineComponent({
    setup() {
      const flow = useOtpAuth({
        client: controllable.client,
        persist: createFlowPersistence({ storage }),
      })
      return () => renderFlow(flow)
    },
  })
  const container = document.createElement('div')
  container.innerHTML = await renderToString(createSSRApp(LoginScreen))
  expect(container.querySelector('main')?.dataset.step).toBe('idle')
  const warn = vi.spyOn(console, 'warn')
  const error = vi.spyOn(console, 'error')

  const app = createSSRApp(LoginScreen)
  app.mount(container)
  await flushRequests()
  await nextTick()

  expect(warn).not.toHaveBeenCalled()
  expect(error).not.toHaveBeenCalled()
  expect(container.querySelector('main')?.dataset.step).toBe('awaitingCode')
  expect(controllable.calls).toEqual([])
  app.unmount()
  warn.mockRestore()
  error.mockRestore()
})

// @vitest-environment node
import { createFlowPersistence, createMemoryStorage } from '@passage-otp/core'
import { createControllableClient } from '@passage-otp/core/testing'
import { renderToString } from '@vue/server-renderer'
import { expect, test, vi } from 'vitest'
import { createSSRApp, defineComponent, h } from 'vue'
import { injectOtpAuth, provideOtpAuth, type UseOtpAuthReturn, useOtpAuth } from '../src'

function view(flow: UseOtpAuthReturn) {
  return h('main', { 'data-step': flow.step.value }, [
    h('input', { name: 'identifier', value: flow.identifier.value }),
    h('p', { class: 'seconds' }, String(flow.secondsUntilResend.value)),
    h('p', { class: 'can-resend' }, String(flow.canResend.value)),
  ])
}

test('useOtpAuth renders the identifier step on the server without a window or a request', async () => {
  expect(typeof window).toBe('undefined')
  const controllable = createControllableClient()
  let flow: UseOtpAuthReturn | undefined
  const LoginScreen = defineComponent({
    setup() {
      const own = useOtpAuth({
        client: controllable.client,
        input: { identifier: 'ada@example.com' },
      })
      flow = own
      return () => view(own)
    },
  })

  const html = await renderToString(createSSRApp(LoginScreen))

  expect(html).toBe(
    '<main data-step="idle"><input name="identifier" value="ada@example.com">' +
      '<p class="seconds">0</p><p class="can-resend">false</p></main>',
  )
  expect(controllable.calls).toEqual([])
  // The actor starts on mount, which never happens on the server: nothing runs or keeps timers.
  flow?.submitIdentifier('grace@example.com')
  expect(controllable.calls).toEqual([])
})

test('a persisted flow leaves the storage alone on the server', async () => {
  const storage = createMemoryStorage()
  const getItem = vi.spyOn(storage, 'getItem')
  const setItem = vi.spyOn(storage, 'setItem')
  const controllable = createControllableClient()
  const LoginScreen = defineComponent({
    setup() {
      const flow = useOtpAuth({
        client: controllable.client,
        persist: createFlowPersistence({ storage }),
      })
      return () => view(flow)
    },
  })
  const html = await renderToString(createSSRApp(LoginScreen))
  expect(html).toContain('data-step="idle"')
  expect(getItem).not.toHaveBeenCalled()
  expect(setItem).not.toHaveBeenCalled()
})

test('a flow from an appId renders on the server too', async () => {
  const LoginScreen = defineComponent({
    setup() {
      const flow = useOtpAuth({ appId: 'demo', baseURL: 'http://127.0.0.1:9/v1' })
      return () => view(flow)
    },
  })
  const html = await renderToString(createSSRApp(LoginScreen))
  expect(html).toContain('data-step="idle"')
})

test('provideOtpAuth and injectOtpAuth render the shared idle step on the server', async () => {
  expect(typeof window).toBe('undefined')
  const controllable = createControllableClient()
  const Step = defineComponent({
    setup() {
      const flow = injectOtpAuth()
      return () => h('p', { class: 'step' }, flow.step.value)
    },
  })
  const LoginPage = defineComponent({
    setup() {
      provideOtpAuth({ client: controllable.client })
      return () => h('section', [h(Step), h(Step)])
    },
  })

  const html = await renderToString(createSSRApp(LoginPage))

  expect(html).toBe('<section><p class="step">idle</p><p class="step">idle</p></section>')
  expect(controllable.calls).toEqual([])
})

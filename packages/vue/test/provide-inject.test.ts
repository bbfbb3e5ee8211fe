import { createControllableClient, flushRequests } from '@passage-otp/core/testing'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, expect, test, vi } from 'vitest'
import { defineComponent, h, inject, nextTick } from 'vue'
import { injectOtpAuth, otpAuthKey, provideOtpAuth, type UseOtpAuthReturn } from '../src'

enableAutoUnmount(afterEach)

const injectMessage = 'injectOtpAuth() needs provideOtpAuth() in a parent component.'

function mountSharedFlow() {
  const controllable = createControllableClient()
  const seen: UseOtpAuthReturn[] = []
  const IdentifierForm = defineComponent({
    setup() {
      const flow = injectOtpAuth()
      seen.push(flow)
      return () =>
        h('form', { 'data-testid': 'identifier-form', 'data-step': flow.step.value }, [
          h('button', {
            type: 'button',
            onClick: () => flow.submitIdentifier('ada@example.com'),
          }),
        ])
    },
  })
  const CodeForm = defineComponent({
    setup() {
      const flow = injectOtpAuth()
      seen.push(flow)
      return () =>
        h('form', { 'data-testid': 'code-form', 'data-step': flow.step.value }, [
          h('button', { type: 'button', onClick: () => flow.submitCode('123456') }),
        ])
    },
  })
  const LoginPage = defineComponent({
    setup() {
      const flow = provideOtpAuth({ client: controllable.client })
      seen.push(flow)
      return () => h('div', [h(IdentifierForm), h(CodeForm)])
    },
  })
  const wrapper = mount(LoginPage)
  const steps = () =>
    ['identifier-form', 'code-form'].map((id) =>
      wrapper.get(`[data-testid="${id}"]`).attributes('data-step'),
    )
  return { wrapper, controllable, seen, steps }
}

test('two children injecting the flow share one actor and send one request', async () => {
  const { wrapper, controllable, seen, steps } = mountSharedFlow()
  expect(seen).toHaveLength(3)
  expect(new Set(seen.map((flow) => flow.actorRef)).size).toBe(1)
  expect(steps()).toEqual(['idle', 'idle'])

  await wrapper.get('[data-testid="identifier-form"] button').trigger('click')
  await wrapper.get('[data-testid="identifier-form"] button').trigger('click')
  expect(steps()).toEqual(['requesting', 'requesting'])
  expect(controllable.calls.map((call) => call.name)).toEqual(['requestLoginOtp'])

  controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  await nextTick()
  expect(steps()).toEqual(['awaitingCode', 'awaitingCode'])

  await wrapper.get('[data-testid="code-form"] button').trigger('click')
  expect(steps()).toEqual(['activating', 'activating'])
  expect(controllable.calls.map((call) => call.name)).toEqual(['requestLoginOtp', 'activateOtp'])
})

test('unmounting the provider stops the shared flow', async () => {
  const { wrapper, controllable, seen } = mountSharedFlow()
  await wrapper.get('[data-testid="identifier-form"] button').trigger('click')
  wrapper.unmount()
  expect(controllable.calls[0]?.signal?.aborted).toBe(true)
  expect(seen[0]?.actorRef.getSnapshot().status).toBe('stopped')
})

test('injectOtpAuth() without a provider throws a clear error', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const Orphan = defineComponent({
    setup() {
      injectOtpAuth()
      return () => h('p')
    },
  })
  expect(() => mount(Orphan)).toThrow(injectMessage)
  warn.mockRestore()
})

test('injectOtpAuth() outside a component setup throws the same error', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  expect(() => injectOtpAuth()).toThrow(injectMessage)
  warn.mockRestore()
})

test('otpAuthKey gives code that injects by key the provided flow', () => {
  const controllable = createControllableClient()
  let provided: UseOtpAuthReturn | undefined
  let injected: UseOtpAuthReturn | undefined
  const Child = defineComponent({
    setup() {
      injected = inject(otpAuthKey)
      return () => h('p')
    },
  })
  const Parent = defineComponent({
    setup() {
      provided = provideOtpAuth({ client: controllable.client })
      return () => h(Child)
    },
  })
  mount(Parent)
  expect(injected).toBeDefined()
  expect(injected).toBe(provided)
})

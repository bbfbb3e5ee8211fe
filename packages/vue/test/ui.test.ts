import { createControllableClient, flushRequests } from '@passage-otp/core/testing'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, expect, test } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { injectOtpAuth, provideOtpAuth } from '../src'

enableAutoUnmount(afterEach)

test('ui binds the input props as HTML attributes and speaks in the provider’s words', async () => {
  const controllable = createControllableClient()
  const CodeScreen = defineComponent({
    setup() {
      const { ui, submitIdentifier, submitCode } = injectOtpAuth()
      return () =>
        h('main', [
          h('button', { id: 'send', onClick: () => submitIdentifier('ada@example.com') }),
          h('input', { id: 'code', ...ui.value.codeInputProps }),
          h('button', { id: 'verify', onClick: () => submitCode('123') }),
          ui.value.alert ? h('p', ui.value.alert.props, ui.value.alert.text) : null,
          h('p', ui.value.status.props, ui.value.status.text),
        ])
    },
  })
  const Page = defineComponent({
    setup() {
      provideOtpAuth({
        client: controllable.client,
        messages: { enterCode: (length) => `${length} Ziffern, bitte.` },
      })
      return () => h(CodeScreen)
    },
  })
  const wrapper = mount(Page)
  await wrapper.get('#send').trigger('click')
  expect(wrapper.get('[role="status"]').text()).toBe('Sending code…')
  controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  await nextTick()

  const input = wrapper.get('#code')
  expect(input.attributes()).toMatchObject({
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    maxlength: '12',
    spellcheck: 'false',
    'data-state': 'entering',
  })
  expect(input.attributes('readonly')).toBeUndefined()
  expect(input.attributes('readOnly')).toBeUndefined()
  expect(wrapper.get('[role="status"]').text()).toBe('Code sent to ada@example.com.')

  await wrapper.get('#verify').trigger('click')
  expect(wrapper.get('[role="alert"]').text()).toBe('6 Ziffern, bitte.')
  expect(input.attributes('aria-invalid')).toBe('true')
  expect(input.attributes('aria-describedby')).toBe(wrapper.get('[role="alert"]').attributes('id'))
})

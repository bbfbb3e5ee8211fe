import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as core from '@passage-otp/core'
import { createControllableClient, flushRequests, testAuthResult } from '@passage-otp/core/testing'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import ts from 'typescript'
import { afterEach, expect, test } from 'vitest'
import * as vue from 'vue'
import { type Component, nextTick } from 'vue'
import { compileScript, parse } from 'vue/compiler-sfc'
import * as adapter from '../src'

enableAutoUnmount(afterEach)

// The README's login screen, compiled the way a Vue build would compile it, so the documented
// example is proven to work rather than only to look right.
function compileReadmeExample(useOtpAuth: typeof adapter.useOtpAuth): Component {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')
  const source = /```vue\n([\s\S]*?)```/.exec(readme)?.[1]
  if (!source) throw new Error('README.md has no ```vue example')
  const { descriptor, errors } = parse(source, { filename: 'LoginScreen.vue' })
  expect(errors).toEqual([])
  const script = compileScript(descriptor, { id: 'readme-login-screen', inlineTemplate: true })
  const { outputText } = ts.transpileModule(script.content, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  })
  const modules: Record<string, unknown> = {
    vue,
    '@passage-otp/core': core,
    '@passage-otp/vue': { ...adapter, useOtpAuth },
  }
  const require = (name: string) => {
    if (!(name in modules)) throw new Error(`The README example imports ${name}`)
    return modules[name]
  }
  const exports: { default?: Component } = {}
  new Function('require', 'exports', outputText)(require, exports)
  if (!exports.default) throw new Error('The README example exports no component')
  return exports.default
}

// The example's own options, with the test's client in front of them.
function mountReadmeExample() {
  const controllable = createControllableClient()
  const options: adapter.UseOtpAuthOptions[] = []
  const LoginScreen = compileReadmeExample((own) => {
    options.push(own)
    return adapter.useOtpAuth({ ...own, client: controllable.client })
  })
  const wrapper = mount(LoginScreen)
  const settle = async () => {
    await flushRequests()
    await nextTick()
  }
  return { wrapper, controllable, options, settle }
}

test('the README login screen signs in, through a wrong code, with one request per step', async () => {
  const { wrapper, controllable, options, settle } = mountReadmeExample()
  expect(options).toEqual([{ appId: 'demo', baseURL: 'http://127.0.0.1:8787/v1' }])

  await wrapper.get('input[type="email"]').setValue('ada@example.com')
  await wrapper.get('form').trigger('submit')
  await wrapper.get('form').trigger('submit')
  expect(wrapper.get('button').text()).toBe('Sending…')
  expect(controllable.calls.map((call) => call.name)).toEqual(['requestLoginOtp'])

  controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await settle()
  expect(wrapper.text()).toContain('We sent a code to ada@example.com.')
  const codeField = wrapper.get('input[name="one-time-code"]')
  expect(codeField.attributes()).toMatchObject({
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
  })
  const resend = wrapper.findAll('button').find((button) => button.text().startsWith('New code'))
  expect(resend?.text()).toBe('New code in 30 s')
  expect(resend?.attributes('disabled')).toBeDefined()

  await codeField.setValue('12')
  await wrapper.get('form').trigger('submit')
  expect(wrapper.get('[role="alert"]').text()).toBe('Enter the 6-digit code we sent you.')
  expect(controllable.calls).toHaveLength(1)

  await codeField.setValue('123 456')
  await wrapper.get('form').trigger('submit')
  controllable.reject('activateOtp', core.createOtpAuthError('invalid_or_expired_code'))
  await settle()
  expect(wrapper.get('[role="alert"]').text()).toBe(
    core.otpAuthErrorMessages.invalid_or_expired_code,
  )

  await wrapper.get('form').trigger('submit')
  controllable.resolve('activateOtp', testAuthResult)
  await settle()
  expect(wrapper.text()).toBe('Signed in.')
  expect(wrapper.emitted('signedIn')).toEqual([[testAuthResult]])
  expect(controllable.calls.map((call) => call.name)).toEqual([
    'requestLoginOtp',
    'activateOtp',
    'activateOtp',
  ])
})

test('the README login screen offers a retry after a failed request', async () => {
  const { wrapper, controllable, settle } = mountReadmeExample()
  await wrapper.get('input[type="email"]').setValue('ada@example.com')
  await wrapper.get('form').trigger('submit')
  controllable.reject('requestLoginOtp', core.createOtpAuthError('network'))
  await settle()
  expect(wrapper.get('[role="alert"]').text()).toBe(core.otpAuthErrorMessages.network)

  await wrapper.get('button').trigger('click')
  expect(wrapper.get('button').text()).toBe('Sending…')
  expect(controllable.calls.map((call) => call.name)).toEqual([
    'requestLoginOtp',
    'requestLoginOtp',
  ])

  controllable.reject('requestLoginOtp', core.createOtpAuthError('network'))
  await settle()
  const startOver = wrapper.findAll('button').find((button) => button.text() === 'Start over')
  await startOver?.trigger('click')
  expect(wrapper.find('input[type="email"]').exists()).toBe(true)
  expect(wrapper.get('button').text()).toBe('Send me a code')
  expect(wrapper.find('[role="alert"]').exists()).toBe(false)
})

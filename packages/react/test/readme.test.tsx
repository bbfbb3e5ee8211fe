import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as core from '@passage-otp/core'
import * as testing from '@passage-otp/core/testing'
import {
  createControllableClient,
  flushRequests,
  getOtpAuthTestPaths,
  testAuthResult,
} from '@passage-otp/core/testing'
import * as testingLibrary from '@testing-library/react'
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import type { ComponentType } from 'react'
import * as React from 'react'
import * as jsxRuntime from 'react/jsx-runtime'
import ts from 'typescript'
import * as vitest from 'vitest'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import * as adapter from '../src'
import { actorOf, createActorHandle, SharedFlowView, SharedLoginForms } from './components'
import { describeEachReactMode } from './modes'

// The README's examples, compiled the way a bundler would compile them, so the documented code is
// proven to work rather than only to look right.
const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')
const examples = [...readme.matchAll(/```tsx\n([\s\S]*?)```/g)].map((match) => match[1] ?? '')

function compileExample(marker: string, modules: Record<string, unknown>) {
  const source = examples.find((example) => example.includes(marker))
  if (!source) throw new Error(`README.md has no tsx example with ${marker}`)
  const { outputText } = ts.transpileModule(source, {
    fileName: 'example.tsx',
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.ReactJSX,
    },
  })
  const available: Record<string, unknown> = {
    react: React,
    'react/jsx-runtime': jsxRuntime,
    '@passage-otp/core': core,
    '@passage-otp/react': adapter,
    ...modules,
  }
  const require = (name: string) => {
    if (!(name in available)) throw new Error(`The README example imports ${name}`)
    return available[name]
  }
  const exports: Record<string, unknown> = {}
  new Function('require', 'exports', outputText)(require, exports)
  return exports
}

// The README's `OtpAuthProvider`, with the test's client, and a probe that reads its actor.
const providerExample = {
  client: createControllableClient().client,
  handle: createActorHandle(),
}

function ProviderWithTestClient({ options, children }: adapter.OtpAuthProviderProps) {
  return (
    <adapter.OtpAuthProvider options={{ ...options, client: providerExample.client }}>
      {children}
      <SharedFlowView testId="probe" handle={providerExample.handle} />
    </adapter.OtpAuthProvider>
  )
}

describeEachReactMode('the README', ({ render }) => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  // The example's own options, with the test's client in front of them.
  function renderLoginScreen() {
    const controllable = createControllableClient()
    const options: adapter.UseOtpAuthOptions[] = []
    const { LoginScreen } = compileExample('export function LoginScreen', {
      '@passage-otp/react': {
        ...adapter,
        useOtpAuth: (own: adapter.UseOtpAuthOptions) => {
          options.push(own)
          return adapter.useOtpAuth({ ...own, client: controllable.client })
        },
      },
    }) as { LoginScreen: ComponentType<{ onSignedIn(authResult: core.AuthResult): void }> }
    const onSignedIn = vi.fn()
    render(<LoginScreen onSignedIn={onSignedIn} />)
    const settle = (work: () => void) =>
      act(async () => {
        work()
        await flushRequests()
      })
    return { controllable, options, onSignedIn, settle }
  }

  const submit = (label: string, value: string) => {
    const field = screen.getByLabelText(label)
    fireEvent.change(field, { target: { value } })
    const form = field.closest('form')
    if (!form) throw new Error(`${label} is not in a form`)
    fireEvent.submit(form)
  }

  test('login screen: signs in through a bad email and a wrong code, one request per step', async () => {
    const { controllable, options, onSignedIn, settle } = renderLoginScreen()
    expect(options.length).toBeGreaterThan(0)
    for (const own of options) {
      expect(own).toEqual({ appId: 'demo', baseURL: 'http://127.0.0.1:8787/v1' })
    }

    submit('Email', 'not an email')
    expect(screen.getByRole('alert').textContent).toBe(core.otpAuthErrorMessages.invalid_identifier)
    expect(controllable.calls).toHaveLength(0)

    submit('Email', 'ada@example.com')
    submit('Email', 'ada@example.com')
    expect(screen.getByRole('button', { name: 'Sending…' })).toHaveProperty('disabled', true)
    expect(controllable.calls.map((call) => [call.name, call.input])).toEqual([
      ['requestLoginOtp', { identifier: 'ada@example.com', language: undefined }],
    ])

    await settle(() => controllable.resolve('requestLoginOtp', { otpId: 'otp-1' }))
    expect(screen.getByText('We sent a code to ada@example.com.')).toBeTruthy()
    const codeField = screen.getByLabelText('Code')
    expect(codeField.getAttribute('autocomplete')).toBe('one-time-code')
    expect(codeField.getAttribute('inputmode')).toBe('numeric')
    expect(screen.getByRole('button', { name: 'New code in 30 s' })).toHaveProperty(
      'disabled',
      true,
    )

    submit('Code', '000 000')
    expect(screen.getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', true)
    await settle(() =>
      controllable.reject('activateOtp', core.createOtpAuthError('invalid_or_expired_code')),
    )
    expect(screen.getByRole('alert').textContent).toBe(
      core.otpAuthErrorMessages.invalid_or_expired_code,
    )

    submit('Code', '123 456')
    await settle(() => controllable.resolve('activateOtp', testAuthResult))
    expect(screen.getByText('Signed in.')).toBeTruthy()
    expect(onSignedIn).toHaveBeenCalledTimes(1)
    expect(onSignedIn).toHaveBeenCalledWith(testAuthResult)
    expect(controllable.calls.map((call) => [call.name, call.input])).toEqual([
      ['requestLoginOtp', { identifier: 'ada@example.com', language: undefined }],
      ['activateOtp', { otpId: 'otp-1', code: '000000' }],
      ['activateOtp', { otpId: 'otp-1', code: '123456' }],
    ])
  })

  test('login screen: a failed request offers a retry, which sends it again', async () => {
    const { controllable, settle } = renderLoginScreen()
    submit('Email', 'ada@example.com')
    await settle(() => controllable.reject('requestLoginOtp', core.createOtpAuthError('network')))
    expect(screen.getByRole('alert').textContent).toBe(core.otpAuthErrorMessages.network)

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(controllable.pending()).toEqual(['requestLoginOtp'])
    await settle(() => controllable.resolve('requestLoginOtp', { otpId: 'otp-2' }))
    expect(screen.getByText('We sent a code to ada@example.com.')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Use another email' }))
    expect(screen.getByLabelText('Email')).toHaveProperty('value', 'ada@example.com')
    expect(controllable.calls).toHaveLength(2)
  })

  test('provider example: the header and the body share the flow', async () => {
    const controllable = createControllableClient()
    providerExample.client = controllable.client
    providerExample.handle = createActorHandle()
    const { LoginPage } = compileExample('export function LoginPage', {
      '@passage-otp/react': { ...adapter, OtpAuthProvider: ProviderWithTestClient },
    }) as { LoginPage: ComponentType }
    render(<LoginPage />)
    expect(screen.getByRole('heading').textContent).toBe('Sign in')

    await act(async () => {
      actorOf(providerExample.handle).send({
        type: 'identifier.submit',
        identifier: 'ada@example.com',
      })
      controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
      await flushRequests()
    })
    expect(screen.getByRole('heading').textContent).toBe('Check ada@example.com')
    expect(screen.getByText('5 tries left')).toBeTruthy()
    expect(controllable.calls).toHaveLength(1)
  })
})

test('testing example: replays generated paths against a screen under StrictMode', async () => {
  const registered: { name: string; run(): Promise<void> }[] = []
  const afterEachHooks: (() => void)[] = []
  const paths = getOtpAuthTestPaths({ kind: 'simple' })
  // Every 20th path is plenty to prove the example runs; the model tests replay them all.
  const sample = paths.filter((_, index) => index % 20 === 0)
  const vitestShim = {
    ...vitest,
    afterEach: (hook: () => void) => afterEachHooks.push(hook),
    test: {
      each:
        (rows: [string, unknown][]) =>
        (_title: string, body: (name: string, path: unknown) => Promise<void>) => {
          for (const [name, path] of rows) registered.push({ name, run: () => body(name, path) })
        },
    },
  }
  compileExample('getOtpAuthTestPaths', {
    '@passage-otp/core/testing': {
      ...testing,
      getOtpAuthTestPaths: () => sample,
    },
    '@testing-library/react': testingLibrary,
    vitest: vitestShim,
    '../src/SignIn': { SignIn: SharedLoginForms },
  })
  expect(registered.map((entry) => entry.name)).toEqual(sample.map((path) => path.description))
  expect(afterEachHooks).toHaveLength(1)
  for (const entry of registered) {
    await entry.run()
    for (const hook of afterEachHooks) hook()
  }
  cleanup()
}, 30_000)

import { createFlowPersistence, createMemoryStorage, DEFAULT_PERSIST_KEY } from '@passage-otp/core'
import { createControllableClient, flushRequests, testAuthResult } from '@passage-otp/core/testing'
import { act, fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { LoginScreen } from './components'
import { describeEachReactMode } from './modes'

const flow = () => screen.getByTestId('flow').dataset
const settle = (work: () => void = () => {}) =>
  act(async () => {
    work()
    await flushRequests()
  })

describeEachReactMode('persist: a reload keeps the code step', ({ render }) => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  test('a saved code step comes back on mount without a request, and sign-in is saved', async () => {
    const storage = createMemoryStorage()
    const now = Date.now()
    storage.setItem(
      DEFAULT_PERSIST_KEY,
      JSON.stringify({
        version: 1,
        step: 'awaitingCode',
        identifier: 'ada@example.com',
        intent: 'login',
        endpoint: 'login',
        otpId: 'otp-saved',
        codeExpiresAt: now + 120_000,
        resendAvailableAt: now + 12_000,
        attempts: 0,
        locked: false,
      }),
    )
    const controllable = createControllableClient()
    render(
      <LoginScreen
        options={{ client: controllable.client, persist: createFlowPersistence({ storage }) }}
      />,
    )
    await settle()

    expect(flow().step).toBe('awaitingCode')
    expect(flow().secondsUntilResend).toBe('12')
    expect(controllable.calls).toHaveLength(0)

    fireEvent.change(screen.getByLabelText('One-time code'), { target: { value: '123456' } })
    fireEvent.submit(screen.getByRole('form', { name: 'Enter the code' }))
    expect(controllable.calls.map((call) => [call.name, call.input])).toEqual([
      ['activateOtp', { otpId: 'otp-saved', code: '123456' }],
    ])
    await settle(() => controllable.resolve('activateOtp', testAuthResult))
    expect(flow().step).toBe('authenticated')
    const saved = JSON.parse((await storage.getItem(DEFAULT_PERSIST_KEY)) ?? 'null')
    expect(saved).toMatchObject({ step: 'authenticated', identifier: 'ada@example.com' })
    expect(JSON.stringify(saved)).not.toContain(testAuthResult.authToken)
  })
})

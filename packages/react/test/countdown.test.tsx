import { createOtpAuthError } from '@passage-otp/core'
import { createControllableClient, flushRequests } from '@passage-otp/core/testing'
import { act, fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { LoginScreen } from './components'
import { describeEachReactMode } from './modes'

const settle = (work: () => void) =>
  act(async () => {
    work()
    await flushRequests()
  })

const advance = (ms: number) =>
  act(() => {
    vi.advanceTimersByTime(ms)
  })

const flow = () => screen.getByTestId('flow').dataset
const secondsUntilResend = () => Number(flow().secondsUntilResend)
const secondsUntilRetry = () => Number(flow().secondsUntilRetry)

function submitIdentifier() {
  fireEvent.change(screen.getByLabelText('Email or phone'), {
    target: { value: 'ada@example.com' },
  })
  fireEvent.submit(screen.getByRole('form', { name: 'Sign in' }))
}

describeEachReactMode('countdowns tick by themselves', ({ render }) => {
  // `LoginScreen` starts no timer: every tick below comes from the hook.
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      now: new Date('2026-03-01T09:00:00Z'),
    })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  test('secondsUntilResend goes 30 → 0, then canResend turns true', async () => {
    const controllable = createControllableClient()
    render(<LoginScreen options={{ client: controllable.client }} />)
    expect(secondsUntilResend()).toBe(0)
    submitIdentifier()
    await settle(() => controllable.resolve('requestLoginOtp', { otpId: 'otp-1' }))

    expect(flow().step).toBe('awaitingCode')
    expect(flow().canResend).toBe('false')
    expect(screen.getByRole('button', { name: 'New code in 30 s' })).toHaveProperty(
      'disabled',
      true,
    )
    const seen = [secondsUntilResend()]
    advance(500)
    expect(secondsUntilResend()).toBe(30)
    for (let second = 0; second < 30; second += 1) {
      expect(flow().canResend).toBe('false')
      advance(1000)
      seen.push(secondsUntilResend())
    }
    expect(seen).toEqual(Array.from({ length: 31 }, (_, index) => 30 - index))
    expect(flow().canResend).toBe('true')
    expect(flow().state).toContain('"resend":"ready"')

    fireEvent.click(screen.getByRole('button', { name: 'Send a new code' }))
    expect(flow().step).toBe('requesting')
    await settle(() => controllable.resolve('requestLoginOtp', { otpId: 'otp-2' }))
    expect(secondsUntilResend()).toBe(30)
    expect(flow().canResend).toBe('false')
    advance(1000)
    expect(secondsUntilResend()).toBe(29)
    expect(controllable.calls).toHaveLength(2)
  })

  test('secondsUntilRetry counts down a rate limit, then canRetry turns true', async () => {
    const controllable = createControllableClient()
    render(<LoginScreen options={{ client: controllable.client }} />)
    submitIdentifier()
    await settle(() =>
      controllable.reject(
        'requestLoginOtp',
        createOtpAuthError('rate_limited', { status: 429, retryAfterMs: 5000 }),
      ),
    )
    expect(flow().step).toBe('error')
    expect(flow().error).toBe('rate_limited')
    const seen = [secondsUntilRetry()]
    for (let second = 0; second < 5; second += 1) {
      expect(flow().canRetry).toBe('false')
      advance(1000)
      seen.push(secondsUntilRetry())
    }
    expect(seen).toEqual([5, 4, 3, 2, 1, 0])
    expect(flow().canRetry).toBe('true')
    expect(controllable.calls).toHaveLength(1)
  })
})

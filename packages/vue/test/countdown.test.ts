import { createOtpAuthError } from '@passage-otp/core'
import { flushRequests } from '@passage-otp/core/testing'
import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { nextTick } from 'vue'
import { mountFlow } from './flow'

enableAutoUnmount(afterEach)

// Fake the clock the flow reads (Date) and its timers, but not setImmediate: flushRequests uses it.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_700_000_000_000 })
})
afterEach(() => {
  vi.useRealTimers()
})

async function advance(ms: number) {
  vi.advanceTimersByTime(ms)
  await nextTick()
}

test('secondsUntilResend ticks by itself and resend opens when the cooldown ends', async () => {
  const { controllable, flow, rendered } = mountFlow({ resendCooldownMs: 5_000 })
  flow.submitIdentifier('ada@example.com')
  controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  await nextTick()
  expect(rendered()).toMatchObject({
    step: 'awaitingCode',
    secondsUntilResend: 5,
    canResend: false,
  })

  await advance(1_000)
  expect(rendered().secondsUntilResend).toBe(4)
  await advance(1_000)
  expect(rendered().secondsUntilResend).toBe(3)
  await advance(2_500)
  expect(rendered()).toMatchObject({ secondsUntilResend: 1, canResend: false })

  await advance(500)
  expect(rendered()).toMatchObject({ secondsUntilResend: 0, canResend: true })
  expect(flow.secondsUntilResend.value).toBe(0)

  flow.resend()
  await nextTick()
  expect(controllable.pending()).toEqual(['requestLoginOtp'])
  controllable.resolve('requestLoginOtp', { otpId: 'otp-2' })
  await flushRequests()
  await nextTick()
  expect(rendered()).toMatchObject({ secondsUntilResend: 5, canResend: false })
})

test('resend before the cooldown ends sends no request', async () => {
  const { controllable, flow, rendered } = mountFlow({ resendCooldownMs: 5_000 })
  flow.submitIdentifier('ada@example.com')
  controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  await advance(3_000)
  flow.resend()
  await nextTick()
  expect(controllable.calls).toHaveLength(1)
  expect(rendered()).toMatchObject({ step: 'awaitingCode', secondsUntilResend: 2 })
})

test('secondsUntilRetry counts down a rate limit and retry opens when it ends', async () => {
  const { controllable, flow } = mountFlow()
  flow.submitIdentifier('ada@example.com')
  controllable.reject(
    'requestLoginOtp',
    createOtpAuthError('rate_limited', { status: 429, retryAfterMs: 3_000 }),
  )
  await flushRequests()
  await nextTick()
  expect(flow.step.value).toBe('error')
  expect(flow.secondsUntilRetry.value).toBe(3)
  expect(flow.canRetry.value).toBe(false)

  await advance(1_000)
  expect(flow.secondsUntilRetry.value).toBe(2)
  await advance(2_000)
  expect(flow.secondsUntilRetry.value).toBe(0)
  expect(flow.canRetry.value).toBe(true)
  flow.retry()
  await nextTick()
  expect(controllable.calls).toHaveLength(2)
})

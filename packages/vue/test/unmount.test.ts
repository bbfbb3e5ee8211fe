import type { AuthResult, OtpSent, PassageOtpClient } from '@passage-otp/core'
import { createControllableClient, flushRequests, testAuthResult } from '@passage-otp/core/testing'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { defineComponent, nextTick } from 'vue'
import { type UseOtpAuthReturn, useOtpAuth } from '../src'
import { mountFlow, renderFlow } from './flow'

enableAutoUnmount(afterEach)

test('unmounting while a request is in flight aborts it and stops the actor', async () => {
  const { controllable, flow, wrapper, updates } = mountFlow()
  flow.submitIdentifier('ada@example.com')
  await nextTick()
  expect(controllable.calls).toHaveLength(1)
  const [call] = controllable.calls
  expect(call?.signal?.aborted).toBe(false)

  wrapper.unmount()
  await flushRequests()

  expect(call?.signal?.aborted).toBe(true)
  expect(flow.actorRef.getSnapshot().status).toBe('stopped')
  expect(controllable.pending()).toEqual([])
  expect(flow.step.value).toBe('requesting')
  expect(flow.error.value).toBeNull()
  expect(updates()).toBe(1)
})

// A backend call that ignores its abort signal and answers anyway, the way a fetch polyfill or a
// custom client might: its answer must still never reach the stopped flow.
function deafClient() {
  const controllable = createControllableClient()
  const calls: { name: string; signal: AbortSignal | undefined; settle(value: unknown): void }[] =
    []
  const call =
    <O>(name: string) =>
    (_input: unknown, options?: { signal?: AbortSignal }) =>
      new Promise<O>((resolve, reject) => {
        calls.push({
          name,
          signal: options?.signal,
          settle: (value) => (value instanceof Error ? reject(value) : resolve(value as O)),
        })
      })
  const client: PassageOtpClient = {
    ...controllable.client,
    requestLoginOtp: call<OtpSent>('requestLoginOtp'),
    requestRegisterOtp: call<OtpSent>('requestRegisterOtp'),
    activateOtp: call<AuthResult>('activateOtp'),
  }
  return { client, calls }
}

function mountDeafFlow() {
  const deaf = deafClient()
  let flow: UseOtpAuthReturn | undefined
  const errors: unknown[] = []
  const LoginScreen = defineComponent({
    setup() {
      const own = useOtpAuth({ client: deaf.client })
      flow = own
      return () => renderFlow(own)
    },
  })
  const wrapper = mount(LoginScreen, {
    global: { config: { errorHandler: (error) => errors.push(error) } },
  })
  if (!flow) throw new Error('LoginScreen did not run its setup')
  return { ...deaf, flow, wrapper, errors }
}

describe('an answer that arrives after unmount is never applied', () => {
  test.each([
    ['requesting a code succeeds', 'requesting', { otpId: 'late-otp' }],
    ['requesting a code fails', 'requesting', new Error('late failure')],
    ['activating succeeds', 'activating', testAuthResult],
    ['activating fails', 'activating', new Error('late failure')],
  ] as const)('%s', async (_, step, answer) => {
    const { calls, flow, wrapper, errors } = mountDeafFlow()
    const consoleError = vi.spyOn(console, 'error')
    flow.submitIdentifier('ada@example.com')
    if (step === 'activating') {
      calls[0]?.settle({ otpId: 'otp-1' })
      await flushRequests()
      flow.submitCode('123456')
    }
    await nextTick()
    expect(flow.step.value).toBe(step)
    const inFlight = calls.at(-1)

    wrapper.unmount()
    expect(inFlight?.signal?.aborted).toBe(true)
    const stopped = flow.actorRef.getSnapshot()
    expect(stopped.status).toBe('stopped')

    inFlight?.settle(answer)
    await flushRequests()
    await nextTick()

    expect(flow.actorRef.getSnapshot()).toBe(stopped)
    expect(calls).toHaveLength(step === 'activating' ? 2 : 1)
    expect(flow.step.value).toBe(step)
    expect(flow.authResult.value).toBeNull()
    expect(flow.error.value).toBeNull()
    expect(errors).toEqual([])
    expect(consoleError).not.toHaveBeenCalled()
    consoleError.mockRestore()
  })
})

import { expect, test } from 'vitest'
import { createOtpAuthActor, createOtpAuthLogic } from '../src/actor'
import { createControllableClient, flushRequests } from '../src/testing'
import { createWebOtpReader } from '../src/web-otp'

// Binding a client to the machine (`otpAuthMachine.provide`) is the costliest part of a flow's
// start: it is done once per client, and every flow of that client shares the logic.

test('flows of the same client share one logic', () => {
  const { client } = createControllableClient()
  expect(createOtpAuthLogic({ client })).toBe(createOtpAuthLogic({ client }))
})

test('flows of the same app settings share one logic', () => {
  const options = { appId: 'app', baseURL: 'https://auth.example.com/v1' }
  expect(createOtpAuthLogic({ ...options })).toBe(createOtpAuthLogic({ ...options }))
})

test('another client, other settings or another reader get their own logic', () => {
  const first = createControllableClient().client
  const second = createControllableClient().client
  const reader = createWebOtpReader()
  expect(createOtpAuthLogic({ client: first })).not.toBe(createOtpAuthLogic({ client: second }))
  expect(createOtpAuthLogic({ client: first })).not.toBe(
    createOtpAuthLogic({ client: first, webOtp: reader }),
  )
  expect(createOtpAuthLogic({ appId: 'a' })).not.toBe(createOtpAuthLogic({ appId: 'b' }))
  expect(createOtpAuthLogic({ appId: 'a', timeoutMs: 1 })).not.toBe(
    createOtpAuthLogic({ appId: 'a', timeoutMs: 2 }),
  )
  const ownFetch = (() => Promise.reject(new Error('offline'))) as typeof fetch
  expect(createOtpAuthLogic({ appId: 'a', fetch: ownFetch })).not.toBe(
    createOtpAuthLogic({ appId: 'a' }),
  )
})

test('two flows of one shared logic run on their own', async () => {
  const controllable = createControllableClient()
  const first = createOtpAuthActor({ client: controllable.client }).start()
  const second = createOtpAuthActor({ client: controllable.client }).start()
  first.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  expect(first.getSnapshot().matches('awaitingCode')).toBe(true)
  expect(second.getSnapshot().matches('idle')).toBe(true)
  expect(second.getSnapshot().context.otpId).toBeNull()
})

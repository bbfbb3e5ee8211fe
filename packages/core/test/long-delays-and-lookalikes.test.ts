import { expect, test } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthLogic } from '../src/actor'
import { createOtpAuthError } from '../src/errors'
import { createControllableClient, flushRequests } from '../src/testing'
import { lookalikeIdentifiers } from './support/hostile-corpus'

test.each(lookalikeIdentifiers.map((e) => [e.label, e.value] as const))(
  'lookalike %s stays idle without a request',
  (_, value) => {
    const c = createControllableClient()
    const actor = createActor(createOtpAuthLogic({ client: c.client }), { input: {} }).start()
    actor.send({ type: 'identifier.submit', identifier: value as string })
    expect(actor.getSnapshot().value).toBe('idle')
    expect(actor.getSnapshot().context.error?.kind).toBe('invalid_identifier')
    expect(c.calls).toHaveLength(0)
  },
)

test('a Retry-After longer than 2^31-1 ms still refuses flow.retry', async () => {
  const c = createControllableClient()
  const actor = createActor(createOtpAuthLogic({ client: c.client }), { input: {} }).start()
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  c.reject(
    'requestLoginOtp',
    createOtpAuthError('rate_limited', { status: 429, retryAfterMs: 30 * 24 * 3600 * 1000 }),
  )
  await flushRequests()
  expect(actor.getSnapshot().matches({ error: 'waitingToRetry' })).toBe(true)
  await new Promise((r) => setTimeout(r, 20))
  expect(actor.getSnapshot().matches({ error: 'waitingToRetry' })).toBe(true)
  expect(actor.getSnapshot().can({ type: 'flow.retry' })).toBe(false)
})

test('a code lifetime longer than 2^31-1 ms does not expire at once', async () => {
  const c = createControllableClient()
  const actor = createActor(createOtpAuthLogic({ client: c.client }), {
    input: { codeLifetimeMs: 30 * 24 * 3600 * 1000 },
  }).start()
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  c.resolve('requestLoginOtp', { otpId: 'x' })
  await new Promise((r) => setTimeout(r, 20))
  expect(actor.getSnapshot().matches({ awaitingCode: { code: 'entering' } })).toBe(true)
})

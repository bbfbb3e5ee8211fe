import { expect, test } from 'vitest'
import type { InspectionEvent } from 'xstate'
import { createOtpAuthActor } from '../src/actor'
import { createOtpAuthError } from '../src/errors'
import { REDACTED } from '../src/redact'
import { createControllableClient, flushRequests, testAuthResult } from '../src/testing'

async function recordFlow(redact?: { identifiers?: boolean }) {
  const stream: string[] = []
  const client = createControllableClient()
  const inspect = (event: InspectionEvent) => stream.push(JSON.stringify(event, skipActorRefs))
  const actor = createOtpAuthActor({ client: client.client, inspect, redact }).start()
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  client.reject('requestLoginOtp', createOtpAuthError('network'))
  await flushRequests()
  actor.send({ type: 'flow.retry' })
  client.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  actor.send({ type: 'code.submit', code: '314 159' })
  client.resolve('activateOtp', testAuthResult)
  await flushRequests()
  expect(actor.getSnapshot().value).toBe('authenticated')
  actor.stop()
  return stream.join('\n')
}

// Actor refs are cyclic; the inspector serialises them by id.
function skipActorRefs(key: string, value: unknown) {
  return key === 'actorRef' || key === 'sourceRef' || key === '_transitions' ? undefined : value
}

test('the inspection stream never carries the code or the tokens', async () => {
  const stream = await recordFlow()
  expect(stream).toContain(REDACTED)
  expect(stream).not.toMatch(/314 ?159/)
  expect(stream).not.toContain(testAuthResult.authToken)
  expect(stream).not.toContain(String(testAuthResult.refreshToken))
  expect(stream).toContain('ada@example.com')
  expect(stream).toContain('"kind":"network"')
})

test('identifiers are masked too when asked', async () => {
  const stream = await recordFlow({ identifiers: true })
  expect(stream).not.toContain('ada@example.com')
  expect(stream).not.toMatch(/314 ?159/)
})

test('actor refs handed to the inspector report masked snapshots when read later', async () => {
  const refs: { getSnapshot(): unknown }[] = []
  const client = createControllableClient()
  const actor = createOtpAuthActor({
    client: client.client,
    inspect: (event) => {
      if (event.type === '@xstate.actor') refs.push(event.actorRef)
    },
  }).start()
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  client.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  actor.send({ type: 'code.submit', code: '271828' })
  // The activation request's input holds the code while it runs.
  const seen = refs.map((ref) => JSON.stringify(ref.getSnapshot(), skipActorRefs)).join('\n')
  expect(refs.length).toBeGreaterThan(2)
  expect(seen).toContain('otp-1')
  expect(seen).not.toContain('271828')
  actor.stop()
})

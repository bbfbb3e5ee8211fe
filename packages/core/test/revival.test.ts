import { expect, test } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthLogic } from '../src/actor'
import { createControllableClient, flushRequests } from '../src/testing'

// What @xstate/react does on StrictMode's double effect and on <Activity> hide/show: stop the
// actor, put its snapshots back, and start it again.
function stopAndRevive(actor: ReturnType<typeof createActor>) {
  const children = Object.values(actor.getSnapshot().children) as ReturnType<typeof createActor>[]
  const saved = [actor, ...children].map((ref) => [ref, ref.getSnapshot()] as const)
  actor.stop()
  for (const [ref, snapshot] of saved) {
    Object.assign(ref, { _processingStatus: 0, _snapshot: snapshot })
  }
  actor.start()
}

test('a request aborted by a stop-and-revive does not fail the flow; the revived one answers', async () => {
  const client = createControllableClient()
  const actor = createActor(createOtpAuthLogic({ client: client.client }), { input: {} }).start()
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  stopAndRevive(actor as ReturnType<typeof createActor>)
  await flushRequests()
  expect(actor.getSnapshot().matches('requesting')).toBe(true)
  expect(client.calls[0]?.signal?.aborted).toBe(true)
  client.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  expect(actor.getSnapshot().matches('awaitingCode')).toBe(true)
  expect(actor.getSnapshot().context.otpId).toBe('otp-1')
})

import { createOtpAuthError } from '@passage-otp/core'
import { flushRequests, testAuthResult } from '@passage-otp/core/testing'
import { enableAutoUnmount } from '@vue/test-utils'
import { afterAll, afterEach, expect, test } from 'vitest'
import { nextTick } from 'vue'
import { mountFlow } from './flow'

enableAutoUnmount(afterEach)

const counts: string[] = []

type Screen = ReturnType<typeof mountFlow>
type Action = (screen: Screen) => void

const submitIdentifier: Action = ({ flow }) => flow.submitIdentifier('ada@example.com')
const codeSent: Action = ({ controllable }) =>
  controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
const submitCode: Action = ({ flow }) => flow.submitCode('123456')
const wrongCode: Action = ({ controllable }) =>
  controllable.reject('activateOtp', createOtpAuthError('invalid_or_expired_code'))
const signedIn: Action = ({ controllable }) => controllable.resolve('activateOtp', testAuthResult)

// Runs a flow step by step, counting the actor's state changes and the screen's re-renders.
async function countUpdates(name: string, actions: Action[]) {
  const screen = mountFlow()
  let stateChanges = 0
  let last = screen.flow.actorRef.getSnapshot()
  // The actor also notifies for events it ignores; only a new snapshot is a state change.
  screen.flow.actorRef.subscribe((snapshot) => {
    if (snapshot !== last) stateChanges += 1
    last = snapshot
  })
  for (const action of actions) {
    action(screen)
    await flushRequests()
    await nextTick()
  }
  counts.push(`${name}: ${screen.updates()} updates for ${stateChanges} state changes`)
  return { ...screen, stateChanges }
}

test('a complete login re-renders the screen at most once per state change', async () => {
  const { updates, stateChanges, rendered } = await countUpdates('complete login', [
    submitIdentifier,
    codeSent,
    submitCode,
    signedIn,
  ])
  expect(rendered().step).toBe('authenticated')
  expect(stateChanges).toBe(4)
  expect(updates()).toBeGreaterThan(0)
  expect(updates()).toBeLessThanOrEqual(stateChanges)
})

test('a login with a wrong code re-renders the screen at most once per state change', async () => {
  const { updates, stateChanges, rendered } = await countUpdates('login with a wrong code', [
    submitIdentifier,
    codeSent,
    submitCode,
    wrongCode,
    submitCode,
    signedIn,
  ])
  expect(rendered().step).toBe('authenticated')
  expect(stateChanges).toBe(6)
  expect(updates()).toBeGreaterThan(0)
  expect(updates()).toBeLessThanOrEqual(stateChanges)
})

test('state changes within one tick are batched into one re-render at most', async () => {
  const { updates, stateChanges, controllable, rendered } = await countUpdates(
    'submit twice, then cancel, in one tick',
    [
      (screen) => {
        submitIdentifier(screen)
        submitIdentifier(screen)
        screen.flow.cancel()
        submitIdentifier(screen)
      },
    ],
  )
  expect(rendered().step).toBe('requesting')
  expect(controllable.calls).toHaveLength(2)
  expect(controllable.calls[0]?.signal?.aborted).toBe(true)
  expect(stateChanges).toBe(3)
  expect(updates()).toBe(1)
})

test('events that change nothing on screen do not re-render it', async () => {
  const { updates, stateChanges } = await countUpdates('ignored events', [
    ({ flow }) => flow.submitCode('123456'),
    ({ flow }) => flow.resend(),
    ({ flow }) => flow.retry(),
    ({ flow }) => flow.cancel(),
  ])
  expect(stateChanges).toBe(0)
  expect(updates()).toBe(0)
})

afterAll(() => {
  console.info(`vue component updates per flow:\n  ${counts.join('\n  ')}`)
})

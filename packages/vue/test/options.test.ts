import { createFlowPersistence, createMemoryStorage } from '@passage-otp/core'
import { flushRequests, testAuthResult } from '@passage-otp/core/testing'
import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, expect, test } from 'vitest'
import type { InspectionEvent } from 'xstate'
import { mountFlow } from './flow'

enableAutoUnmount(afterEach)

async function settle() {
  await flushRequests()
  await flushRequests()
}

test('persist: a screen mounted again resumes the code step without sending a new code', async () => {
  const storage = createMemoryStorage()
  const first = mountFlow(undefined, { persist: createFlowPersistence({ storage }) })
  await settle()
  first.flow.submitIdentifier('ada@example.com')
  first.controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await settle()
  expect(first.rendered().step).toBe('awaitingCode')
  expect(storage.size).toBe(1)
  first.wrapper.unmount()

  const second = mountFlow(undefined, { persist: createFlowPersistence({ storage }) })
  await settle()
  expect(second.rendered().step).toBe('awaitingCode')
  expect(second.flow.identifier.value).toBe('ada@example.com')
  expect(second.controllable.calls).toEqual([])
})

test('inspect: the inspector never sees the code or the tokens', async () => {
  const seen: InspectionEvent[] = []
  const screen = mountFlow(undefined, { inspect: (event) => seen.push(event) })
  screen.flow.submitIdentifier('ada@example.com')
  screen.controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await settle()
  screen.flow.submitCode('493027')
  screen.controllable.resolve('activateOtp', testAuthResult)
  await settle()
  expect(screen.rendered().step).toBe('authenticated')
  expect(screen.flow.authResult.value).toEqual(testAuthResult)

  const inspected = JSON.stringify(seen.map((event) => ('event' in event ? event.event : null)))
  const snapshots = JSON.stringify(
    seen.map((event) => ('snapshot' in event ? event.snapshot : null)),
  )
  expect(seen.length).toBeGreaterThan(5)
  expect(inspected).toContain('code.submit')
  for (const secret of ['493027', testAuthResult.authToken, 'refresh-token']) {
    expect(inspected).not.toContain(secret)
    expect(snapshots).not.toContain(secret)
  }
})

import { describe, expect, test, vi } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthActor, createOtpAuthLogic } from '../src/actor'
import {
  createFlowPersistence,
  DEFAULT_PERSIST_KEY,
  type OtpAuthStorage,
  persistOtpAuth,
  type SavedOtpFlow,
} from '../src/persistence'
import { selectCanResend, selectStep } from '../src/selectors'
import { createMemoryStorage } from '../src/storage'
import { createControllableClient, flushRequests, testAuthResult } from '../src/testing'

function startFlow(storage: OtpAuthStorage, onWarning = vi.fn()) {
  const client = createControllableClient()
  const actor = createActor(createOtpAuthLogic({ client: client.client }), { input: {} }).start()
  const stop = persistOtpAuth(actor, { storage, onWarning })
  return { client, actor, stop, onWarning }
}

async function reachCodeStep(flow: ReturnType<typeof startFlow>) {
  await flushRequests()
  flow.actor.send({ type: 'identifier.submit', identifier: '+1 (202) 555-0123' })
  flow.client.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
}

const saved = (storage: ReturnType<typeof createMemoryStorage>) =>
  JSON.parse(String(storage.getItem(DEFAULT_PERSIST_KEY))) as SavedOtpFlow

describe('persisting the flow', () => {
  test('the code step survives a reload without sending a new code', async () => {
    const storage = createMemoryStorage()
    const first = startFlow(storage)
    await reachCodeStep(first)
    expect(saved(storage)).toMatchObject({ step: 'awaitingCode', otpId: 'otp-1' })
    first.actor.stop()

    const reloaded = startFlow(storage)
    await flushRequests()
    const snapshot = reloaded.actor.getSnapshot()
    expect(selectStep(snapshot)).toBe('awaitingCode')
    expect(snapshot.context).toMatchObject({ identifier: '+12025550123', otpId: 'otp-1' })
    expect(reloaded.client.calls).toHaveLength(0)
    reloaded.actor.send({ type: 'code.submit', code: '123456' })
    expect(reloaded.client.calls.map((call) => call.input)).toEqual([
      { otpId: 'otp-1', code: '123456' },
    ])
  })

  test('neither the code in flight nor tokens are ever written', async () => {
    const storage = createMemoryStorage()
    const setItem = vi.spyOn(storage, 'setItem')
    const flow = startFlow(storage)
    await reachCodeStep(flow)
    flow.actor.send({ type: 'code.submit', code: '987 654' })
    await flushRequests()
    expect(saved(storage).step).toBe('awaitingCode')
    flow.client.resolve('activateOtp', testAuthResult)
    await flushRequests()
    expect(saved(storage).step).toBe('authenticated')
    const written = setItem.mock.calls.map(([, value]) => value).join('\n')
    expect(written).not.toContain('987654')
    expect(written).not.toContain(testAuthResult.authToken)
    expect(written).not.toContain(String(testAuthResult.refreshToken))
  })

  test('a signed-in flow comes back signed in, and reset forgets it', async () => {
    const storage = createMemoryStorage()
    const flow = startFlow(storage)
    await reachCodeStep(flow)
    flow.actor.send({ type: 'code.submit', code: '123456' })
    flow.client.resolve('activateOtp', testAuthResult)
    await flushRequests()
    const reloaded = startFlow(storage)
    await flushRequests()
    expect(reloaded.actor.getSnapshot().value).toBe('authenticated')
    reloaded.actor.send({ type: 'flow.reset' })
    await flushRequests()
    expect(storage.size).toBe(0)
  })

  test('a restored code that has expired comes back as code_expired with resend available', async () => {
    const storage = createMemoryStorage()
    const past = Date.now() - 1000
    const expired: SavedOtpFlow = {
      version: 1,
      step: 'awaitingCode',
      identifier: 'ada@example.com',
      intent: 'login',
      endpoint: 'login',
      otpId: 'otp-old',
      codeExpiresAt: past,
      resendAvailableAt: past,
      attempts: 0,
      locked: false,
    }
    storage.setItem(DEFAULT_PERSIST_KEY, JSON.stringify(expired))
    const flow = startFlow(storage)
    await vi.waitFor(() =>
      expect(flow.actor.getSnapshot().context.error?.kind).toBe('code_expired'),
    )
    await vi.waitFor(() => expect(selectCanResend(flow.actor.getSnapshot())).toBe(true), {
      timeout: 10_000,
    })
    expect(flow.client.calls).toHaveLength(0)
  })

  test.each([
    ['not JSON', '{oops'],
    ['another app’s value', JSON.stringify({ token: 'x' })],
    ['a newer version', JSON.stringify({ version: 2, step: 'authenticated' })],
    [
      'an invalid identifier',
      JSON.stringify({
        version: 1,
        step: 'authenticated',
        identifier: 'x',
        intent: 'login',
        endpoint: 'login',
      }),
    ],
  ])('%s is ignored with a warning, and removed', async (_, raw) => {
    const storage = createMemoryStorage()
    storage.setItem(DEFAULT_PERSIST_KEY, raw)
    const flow = startFlow(storage)
    await flushRequests()
    expect(flow.actor.getSnapshot().value).toBe('idle')
    expect(flow.onWarning).toHaveBeenCalledOnce()
    expect(storage.size).toBe(0)
  })

  test('an async store (such as AsyncStorage) restores too', async () => {
    const items = new Map<string, string>()
    const asyncStorage: OtpAuthStorage = {
      getItem: async (key) => items.get(key) ?? null,
      setItem: async (key, value) => {
        items.set(key, value)
      },
      removeItem: async (key) => {
        items.delete(key)
      },
    }
    const first = startFlow(asyncStorage)
    await reachCodeStep(first)
    await flushRequests()
    expect(items.size).toBe(1)
    const reloaded = startFlow(asyncStorage)
    await vi.waitFor(() => expect(selectStep(reloaded.actor.getSnapshot())).toBe('awaitingCode'), {
      timeout: 10_000,
    })
  })

  test('a storage that throws is reported, not fatal', async () => {
    const broken: OtpAuthStorage = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('quota')
      },
      removeItem: () => {},
    }
    const flow = startFlow(broken)
    await reachCodeStep(flow)
    expect(selectStep(flow.actor.getSnapshot())).toBe('awaitingCode')
    expect(flow.onWarning).toHaveBeenCalled()
  })

  test('a person who started typing before the saved flow loaded keeps their flow', async () => {
    let release: (value: string) => void = () => {}
    const slow: OtpAuthStorage = {
      getItem: () => new Promise<string>((resolve) => (release = resolve)),
      setItem: () => {},
      removeItem: () => {},
    }
    const flow = startFlow(slow)
    flow.actor.send({ type: 'identifier.submit', identifier: 'grace@example.com' })
    release(
      JSON.stringify({
        version: 1,
        step: 'authenticated',
        identifier: 'ada@example.com',
        intent: 'login',
        endpoint: 'login',
      }),
    )
    await flushRequests()
    expect(flow.actor.getSnapshot().context.identifier).toBe('grace@example.com')
    expect(flow.client.pending()).toEqual(['requestLoginOtp'])
  })
})

test('createOtpAuthActor({ persist }) saves and restores by itself', async () => {
  const storage = createMemoryStorage()
  const client = createControllableClient()
  const first = createOtpAuthActor({
    client: client.client,
    persist: createFlowPersistence({ storage }),
  }).start()
  first.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  client.resolve('requestLoginOtp', { otpId: 'otp-7' })
  await flushRequests()
  first.stop()
  const again = createControllableClient()
  const reloaded = createOtpAuthActor({
    client: again.client,
    persist: createFlowPersistence({ storage }),
  }).start()
  await flushRequests()
  expect(reloaded.getSnapshot().context.otpId).toBe('otp-7')
  expect(selectStep(reloaded.getSnapshot())).toBe('awaitingCode')
  expect(again.calls).toHaveLength(0)
})

test('createFlowPersistence refuses a storage without its three methods', () => {
  const broken = { getItem: () => null, setItem: () => {} } as unknown as OtpAuthStorage
  expect(() => createFlowPersistence({ storage: broken })).toThrow(
    new TypeError(
      'createFlowPersistence: `storage` needs getItem, setItem and removeItem (no removeItem).',
    ),
  )
})

test('persist in the old form, a plain object, is refused with what to pass instead', () => {
  const { client } = createControllableClient()
  const storage = createMemoryStorage()
  const options = { client, persist: { storage } } as unknown as Parameters<
    typeof createOtpAuthActor
  >[0]
  expect(() => createOtpAuthActor(options)).toThrow(
    new TypeError('connectOtpAuth: `persist` takes `createFlowPersistence({ storage })`.'),
  )
})

import { describe, expect, test, vi } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthActor, createOtpAuthLogic } from '../src/actor'
import { createOtpAuthError, type OtpAuthErrorKind } from '../src/errors'
import { otpAuthMachine } from '../src/machine'
import {
  createFlowPersistence,
  DEFAULT_PERSIST_KEY,
  type OtpAuthStorage,
  parseSavedOtpFlow,
  persistOtpAuth,
  type SavedOtpFlow,
  toSavedOtpFlow,
} from '../src/persistence'
import { selectCanResend, selectStep } from '../src/selectors'
import { createMemoryStorage } from '../src/storage'
import { createControllableClient, flushRequests, testAuthResult } from '../src/testing'
import type { OtpAuthEvent } from '../src/types'

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

const signedIn: SavedOtpFlow = {
  version: 1,
  step: 'authenticated',
  identifier: 'ada@example.com',
  intent: 'login',
  endpoint: 'login',
}

async function reachSignedIn(flow: ReturnType<typeof startFlow>) {
  await reachCodeStep(flow)
  flow.actor.send({ type: 'code.submit', code: '123456' })
  flow.client.resolve('activateOtp', testAuthResult)
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
    await reachSignedIn(startFlow(storage))
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

/** A storage that records every call, in order, on top of a memory storage. */
function recordingStorage(entries: Record<string, string> = {}) {
  const memory = createMemoryStorage(entries)
  const log: string[] = []
  const storage: OtpAuthStorage = {
    getItem: (key) => {
      log.push(`get ${key}`)
      return memory.getItem(key)
    },
    setItem: (key, value) => {
      log.push(`set ${key}`)
      memory.setItem(key, value)
    },
    removeItem: (key) => {
      log.push(`remove ${key}`)
      memory.removeItem(key)
    },
  }
  return { storage, memory, log }
}

const refuseCode = (flow: ReturnType<typeof startFlow>, kind: OtpAuthErrorKind) => {
  flow.actor.send({ type: 'code.submit', code: '111111' })
  flow.client.reject('activateOtp', createOtpAuthError(kind))
  return flushRequests()
}

describe('what is saved (the table in docs/guide/persistence.md)', () => {
  test('the code step: identifier, intent, endpoint, otp id, both deadlines, attempts, not locked', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] })
    try {
      const storage = createMemoryStorage()
      const flow = startFlow(storage)
      await reachCodeStep(flow)
      await refuseCode(flow, 'invalid_or_expired_code')
      // The defaults: a code lives 300 s, a resend waits 30 s. One wrong code; no language asked.
      expect(saved(storage)).toStrictEqual({
        version: 1,
        step: 'awaitingCode',
        identifier: '+12025550123',
        intent: 'login',
        endpoint: 'login',
        otpId: 'otp-1',
        codeExpiresAt: 1_000_000 + 300_000,
        resendAvailableAt: 1_000_000 + 30_000,
        attempts: 1,
        locked: false,
      })
    } finally {
      vi.useRealTimers()
    }
  })

  test('a code refused maxAttempts (5) times is saved locked', async () => {
    const storage = createMemoryStorage()
    const flow = startFlow(storage)
    await reachCodeStep(flow)
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await refuseCode(flow, 'invalid_or_expired_code')
    }
    expect(saved(storage)).toMatchObject({ step: 'awaitingCode', attempts: 5, locked: true })
  })

  test('the language is saved when one was asked for, and only then', async () => {
    const storage = createMemoryStorage()
    const flow = startFlow(storage)
    await flushRequests()
    flow.actor.send({ type: 'identifier.submit', identifier: 'ada@example.com', language: 'de' })
    flow.client.resolve('requestLoginOtp', { otpId: 'otp-1' })
    await flushRequests()
    expect(saved(storage).language).toBe('de')

    const plain = startFlow(createMemoryStorage())
    await reachCodeStep(plain)
    expect(toSavedOtpFlow(plain.actor.getSnapshot())).not.toHaveProperty('language')
  })

  test('the signed-in step: identifier, intent and endpoint only', async () => {
    const storage = createMemoryStorage()
    await reachSignedIn(startFlow(storage))
    expect(saved(storage)).toStrictEqual({
      version: 1,
      step: 'authenticated',
      identifier: '+12025550123',
      intent: 'login',
      endpoint: 'login',
    })
  })

  test('a code step without its otp id or a deadline is not saved: it could not be read back', async () => {
    const flow = startFlow(createMemoryStorage())
    await reachCodeStep(flow)
    const { value, context } = flow.actor.getSnapshot()
    const withContext = (change: Partial<typeof context>) =>
      otpAuthMachine.resolveState({ value, context: { ...context, ...change } })
    expect(toSavedOtpFlow(withContext({}))).toMatchObject({ step: 'awaitingCode' })
    expect(toSavedOtpFlow(withContext({ otpId: null }))).toBeNull()
    expect(toSavedOtpFlow(withContext({ codeExpiresAt: null }))).toBeNull()
    expect(toSavedOtpFlow(withContext({ resendAvailableAt: null }))).toBeNull()
  })

  test('an activation in flight and a failed one are not saved (their code step is)', async () => {
    const flow = startFlow(createMemoryStorage())
    await reachCodeStep(flow)
    flow.actor.send({ type: 'code.submit', code: '123456' })
    expect(selectStep(flow.actor.getSnapshot())).toBe('activating')
    expect(toSavedOtpFlow(flow.actor.getSnapshot())).toBeNull()
    flow.client.reject('activateOtp', createOtpAuthError('network'))
    await flushRequests()
    expect(selectStep(flow.actor.getSnapshot())).toBe('error')
    expect(toSavedOtpFlow(flow.actor.getSnapshot())).toBeNull()
  })

  test('a failed activation (error) keeps the saved code step, written once', async () => {
    const { storage, log } = recordingStorage()
    const flow = startFlow(storage)
    await reachCodeStep(flow)
    expect(log).toEqual(['get passage-otp:flow', 'remove passage-otp:flow', 'set passage-otp:flow'])
    flow.actor.send({ type: 'code.submit', code: '000' }) // not a code: refused, nothing new to save
    await refuseCode(flow, 'network')
    expect(selectStep(flow.actor.getSnapshot())).toBe('error')
    expect(log).toHaveLength(3)
  })
})

describe('reading and writing', () => {
  test('a saved flow is read before anything is written, and nothing unreadable is warned about', async () => {
    let answer: (value: string | null) => void = () => {}
    const log: string[] = []
    const slow: OtpAuthStorage = {
      getItem: () => new Promise((resolve) => (answer = resolve)),
      setItem: () => void log.push('set'),
      removeItem: () => void log.push('remove'),
    }
    const flow = startFlow(slow)
    // An invalid identifier keeps the form (idle), with its error.
    flow.actor.send({ type: 'identifier.submit', identifier: 'nobody' })
    await flushRequests()
    expect(log).toEqual([])
    answer(null)
    await flushRequests()
    expect(log).toEqual(['remove'])
    expect(flow.onWarning).not.toHaveBeenCalled()
  })

  test('a person who typed an invalid identifier before the saved flow loaded keeps the form', async () => {
    const storage = createMemoryStorage({ [DEFAULT_PERSIST_KEY]: JSON.stringify(signedIn) })
    const flow = startFlow(storage)
    flow.actor.send({ type: 'identifier.submit', identifier: 'nobody' })
    await flushRequests()
    const snapshot = flow.actor.getSnapshot()
    expect(snapshot.value).toBe('idle')
    expect(snapshot.context).toMatchObject({
      identifier: 'nobody',
      error: { kind: 'invalid_identifier' },
    })
  })

  /** A flow whose persistence is watched: the events it sends the flow, in order. */
  function watchedFlow(storage: OtpAuthStorage) {
    const client = createControllableClient()
    const actor = createActor(createOtpAuthLogic({ client: client.client }), { input: {} }).start()
    const sent: string[] = []
    persistOtpAuth(
      {
        getSnapshot: () => actor.getSnapshot(),
        subscribe: (listener) => actor.subscribe(listener),
        send: (event: OtpAuthEvent) => {
          sent.push(event.type)
          actor.send(event)
        },
      },
      { storage, onWarning: vi.fn() },
    )
    return { actor, sent }
  }

  test('no restore is sent to a flow that has moved on', async () => {
    const flow = watchedFlow(
      createMemoryStorage({ [DEFAULT_PERSIST_KEY]: JSON.stringify(signedIn) }),
    )
    flow.actor.send({ type: 'identifier.submit', identifier: 'grace@example.com' })
    await flushRequests()
    expect(selectStep(flow.actor.getSnapshot())).toBe('requesting')
    expect(flow.sent).toEqual([])
  })

  test('no restore is sent when nothing was saved', async () => {
    const flow = watchedFlow(createMemoryStorage())
    await flushRequests()
    expect(flow.sent).toEqual([])
  })

  test('stopping before the saved flow loaded restores and writes nothing', async () => {
    const { storage, log } = recordingStorage({ [DEFAULT_PERSIST_KEY]: JSON.stringify(signedIn) })
    const flow = startFlow(storage)
    flow.stop()
    await flushRequests()
    expect(flow.actor.getSnapshot().value).toBe('idle')
    expect(log).toEqual(['get passage-otp:flow'])
  })

  test('stopping ends the saving', async () => {
    const { storage, log } = recordingStorage()
    const flow = startFlow(storage)
    await flushRequests()
    flow.stop()
    await reachCodeStep(flow)
    expect(log).toEqual(['get passage-otp:flow', 'remove passage-otp:flow'])
  })

  test('the key option names the stored value', async () => {
    const storage = createMemoryStorage({ 'login-flow': JSON.stringify(signedIn) })
    const onWarning = vi.fn()
    const client = createControllableClient()
    const actor = createActor(createOtpAuthLogic({ client: client.client }), { input: {} }).start()
    persistOtpAuth(actor, { storage, key: 'login-flow', onWarning })
    await flushRequests()
    expect(actor.getSnapshot().value).toBe('authenticated')
    actor.send({ type: 'flow.reset' })
    expect(storage.size).toBe(0)
  })

  test('an unreadable value is warned about once, naming its key', async () => {
    const storage = createMemoryStorage({ [DEFAULT_PERSIST_KEY]: '{oops' })
    const flow = startFlow(storage)
    await flushRequests()
    expect(flow.onWarning).toHaveBeenCalledExactlyOnceWith(
      expect.stringContaining('"passage-otp:flow"'),
    )
  })

  test('storage that throws or rejects is reported with its cause', async () => {
    const denied = new Error('denied')
    const quota = new Error('quota')
    const throwing: OtpAuthStorage = {
      getItem: () => {
        throw denied
      },
      setItem: () => {},
      removeItem: () => {},
    }
    const first = startFlow(throwing)
    await flushRequests()
    expect(first.onWarning).toHaveBeenCalledExactlyOnceWith(
      expect.stringContaining('storage'),
      denied,
    )
    const rejecting: OtpAuthStorage = {
      getItem: () => null,
      setItem: () => Promise.reject(quota),
      removeItem: () => {},
    }
    const second = startFlow(rejecting)
    await reachCodeStep(second)
    expect(second.onWarning).toHaveBeenCalledExactlyOnceWith(
      expect.stringContaining('storage'),
      quota,
    )
  })

  test('the default warning goes to console.warn', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const storage = createMemoryStorage({ [DEFAULT_PERSIST_KEY]: '{oops' })
      const client = createControllableClient()
      const actor = createActor(createOtpAuthLogic({ client: client.client }), {
        input: {},
      }).start()
      persistOtpAuth(actor, { storage })
      await flushRequests()
      expect(warn).toHaveBeenCalledOnce()
    } finally {
      warn.mockRestore()
    }
  })
})

describe('parseSavedOtpFlow', () => {
  const text = JSON.stringify(signedIn)

  test('reads a stored string', () => {
    expect(parseSavedOtpFlow(text)).toEqual(signedIn)
  })

  test.each([
    ['nothing stored', null],
    ['an empty string', ''],
    ['not JSON', '{oops'],
    ['a String object', new String(text)],
    ['an array holding the text', [text]],
    ['the parsed object itself', signedIn],
  ])('%s is null', (_, raw) => {
    expect(parseSavedOtpFlow(raw)).toBeNull()
  })
})

test.each([
  ['no options', undefined, 'getItem'],
  ['no storage', {}, 'getItem'],
  ['no setItem', { storage: { getItem: () => null, removeItem: () => {} } }, 'setItem'],
])('createFlowPersistence with %s is refused, naming the missing method', (_, options, method) => {
  expect(() => createFlowPersistence(options as never)).toThrow(
    new TypeError(
      `createFlowPersistence: \`storage\` needs getItem, setItem and removeItem (no ${method}).`,
    ),
  )
})

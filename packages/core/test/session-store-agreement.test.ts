/**
 * The session and its store must agree: what the session shows is what the next start of the app
 * finds in the store. Regression tests for two ways they disagreed.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { AuthResult } from '../src/client'
import { OtpAuthError } from '../src/errors'
import type { Session, SessionOptions } from '../src/session'
import { createTestSession } from '../src/testing'
import { createAsyncStorageTokenStore, createMemoryTokenStore } from '../src/token-store'
import { createFakeClient } from './support/session-fakes'

const sessions: Session[] = []
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.setSystemTime(1_800_000_000_000)
})
afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy()
  vi.useRealTimers()
})

function startSession(options: Partial<SessionOptions>) {
  const session = createTestSession({ onWarning: vi.fn(), ...options })
  sessions.push(session)
  return session
}

/** React Native's AsyncStorage as it behaves on a device: reads answer soon, writes take 30 ms. */
function createSlowStorage() {
  const items = new Map<string, string>()
  const later = (work: () => void) =>
    new Promise<void>((resolve) =>
      setTimeout(() => {
        work()
        resolve()
      }, 30),
    )
  return {
    items,
    getItem: async (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => later(() => items.set(key, value)),
    removeItem: (key: string) => later(() => items.delete(key)),
  }
}

/** What the next start of the app would show: a new session over the same storage. */
async function nextAppStart(storage: ReturnType<typeof createSlowStorage>) {
  const session = startSession({ store: createAsyncStorageTokenStore(storage) })
  await vi.advanceTimersByTimeAsync(0)
  await session.ready
  return session.getSnapshot()
}

describe('with a store whose writes take 30 ms', () => {
  test('refresh() right after signIn() keeps the person signed in, and the store agrees', async () => {
    const storage = createSlowStorage()
    const { fake, client } = createFakeClient(600)
    const session = startSession({ client, store: createAsyncStorageTokenStore(storage) })
    await session.ready

    const signingIn = session.signIn(fake.issue())
    const refreshing = session.refresh()
    await vi.advanceTimersByTimeAsync(200)
    await Promise.all([signingIn, refreshing])

    // The refresh went through (docs: a successful refresh keeps the person signed in).
    expect(session.getSnapshot()).toMatchObject({ status: 'signedIn', error: null })
    expect(fake.refreshSession).toHaveBeenCalledExactlyOnceWith('r1')
    const next = await nextAppStart(storage)
    expect(next.status).toBe('signedIn')
    expect(next.authToken).toBe(session.getSnapshot().authToken)
  })

  test('a token already due on arrival (device clock 40 s ahead) keeps the person signed in', async () => {
    const storage = createSlowStorage()
    // 60 s tokens refresh at half-life, 30 s before expiry: 40 s ahead, they are due on arrival.
    const { fake, client } = createFakeClient(60)
    const session = startSession({
      client,
      store: createAsyncStorageTokenStore(storage),
      now: () => Date.now() + 40_000,
    })
    await session.ready

    const signingIn = session.signIn(fake.issue())
    await vi.advanceTimersByTimeAsync(200)
    await signingIn

    expect(session.getSnapshot()).toMatchObject({ status: 'signedIn', error: null })
    expect(fake.refreshSession).toHaveBeenCalledWith('r1')
    const next = await nextAppStart(storage)
    expect(next.status).toBe('signedIn')
    expect(next.authToken).toBe(session.getSnapshot().authToken)
  })
})

describe('a stored session whose refresh token has expired', () => {
  test('starts signed out while offline, and the store is cleared', async () => {
    const { fake, client } = createFakeClient(600)
    fake.refreshSession.mockRejectedValue(new OtpAuthError({ kind: 'network', message: 'offline' }))
    const now = Date.now()
    // Issued two hours ago: the auth token expired long ago, the refresh token a minute ago
    // (`refreshTokenExpiration` is Unix seconds, as Passage sends it).
    vi.setSystemTime(now - 7_200_000)
    const old = fake.issue()
    vi.setSystemTime(now)
    const stored: AuthResult = { ...old, refreshTokenExpiration: now / 1000 - 60 }
    const store = createMemoryTokenStore(stored)

    const session = startSession({ client, store })
    expect(session.getSnapshot()).toMatchObject({
      status: 'signedOut',
      user: null,
      authToken: null,
    })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(session.getSnapshot()).toMatchObject({ status: 'signedOut', error: null })
    expect(store.get()).toBeNull()
    expect(fake.refreshSession).not.toHaveBeenCalled()
  })

  test('a session signed in offline ends when its refresh token expires', async () => {
    const { fake, client } = createFakeClient(600)
    const store = createMemoryTokenStore()
    const session = startSession({ client, store })
    const expiresIn = 1800
    await session.signIn({ ...fake.issue(), refreshTokenExpiration: Date.now() / 1000 + expiresIn })
    fake.refreshSession.mockRejectedValue(new OtpAuthError({ kind: 'network', message: 'offline' }))
    await vi.advanceTimersByTimeAsync(expiresIn * 1000 - 1)
    expect(session.getSnapshot()).toMatchObject({ status: 'signedIn', error: { kind: 'network' } })
    await vi.advanceTimersByTimeAsync(1)
    expect(session.getSnapshot()).toMatchObject({ status: 'signedOut', user: null })
    expect(store.get()).toBeNull()
  })
})

import { createDevServer, type DevServer } from '@passage-otp/dev-server'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { createOtpAuthActor } from '../src/actor'
import { type AuthResult, createPassageOtpClient } from '../src/client'
import { OtpAuthError } from '../src/errors'
import {
  connectSession,
  createSession,
  decodeJwtClaims,
  isInvalidRefreshToken,
  type LockManagerLike,
  type Session,
  type SessionOptions,
  type SessionSnapshot,
} from '../src/session'
import type { KeyValueStorage } from '../src/storage'
import {
  createAsyncStorageTokenStore,
  createMemoryTokenStore,
  createWebStorageTokenStore,
  type TokenStore,
} from '../src/token-store'
import { createFakeClient, deferred } from './support/session-fakes'

let server: DevServer
beforeAll(async () => {
  server = await createDevServer({
    logger: false,
    resendCooldownSeconds: 0,
    ipRateLimit: false,
    users: [{ identifier: 'ada@example.com' }, { identifier: 'grace@example.com' }],
  })
})
afterAll(() => server.close())
beforeEach(() => server.clearFaults())

const sessions: Session[] = []
const channels: BroadcastChannel[] = []
afterEach(() => {
  for (const session of sessions.splice(0)) session.destroy()
  for (const channel of channels.splice(0)) channel.close()
  vi.useRealTimers()
})

const client = () => createPassageOtpClient({ appId: server.appId, baseURL: server.baseURL })

/** A session on the dev server; no cross-tab parts unless the test passes them. */
function startSession(options: Partial<SessionOptions> = {}) {
  const session = createSession({
    client: client(),
    channel: false,
    locks: false,
    onWarning: vi.fn(),
    ...options,
  } as SessionOptions)
  sessions.push(session)
  return session
}

/** Signs in at the dev server the way the flow does, with the code from the outbox. */
async function authenticate(identifier = 'ada@example.com'): Promise<AuthResult> {
  const { otpId } = await client().requestLoginOtp({ identifier })
  const code = server.outbox.latest(identifier)?.code ?? ''
  return client().activateOtp({ otpId, code })
}

/** Resolves with the first snapshot that passes, now or after a change. */
function until(session: Session, passes: (snapshot: SessionSnapshot) => boolean) {
  return new Promise<SessionSnapshot>((resolve) => {
    const check = () => {
      const snapshot = session.getSnapshot()
      if (!passes(snapshot)) return
      unsubscribe()
      resolve(snapshot)
    }
    const unsubscribe = session.subscribe(check)
    check()
  })
}

const tokenRequests = () => server.stats().requestsByRoute['POST /v1/apps/:appId/tokens'] ?? 0
const signOutRequests = () => server.stats().requestsByRoute['DELETE /v1/apps/:appId/tokens'] ?? 0

function channelPair() {
  const name = `passage-otp:test:${Math.random().toString(36).slice(2)}`
  const pair = [new BroadcastChannel(name), new BroadcastChannel(name)] as const
  channels.push(...pair)
  return pair
}

/** A Web Locks stand-in: callbacks for one name run one after another. */
function createLockManager(): LockManagerLike & { granted: () => number } {
  const tails = new Map<string, Promise<unknown>>()
  let granted = 0
  return {
    granted: () => granted,
    request(name, callback) {
      const run = (tails.get(name) ?? Promise.resolve()).then(() => {
        granted += 1
        return callback({ name })
      })
      tails.set(
        name,
        run.catch(() => undefined),
      )
      return run
    },
  }
}

function createFakeStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries))
  const storage: KeyValueStorage = {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  }
  return { storage, map }
}

function createFakeAsyncStorage() {
  const map = new Map<string, string>()
  const storage: KeyValueStorage = {
    getItem: async (key) => map.get(key) ?? null,
    setItem: async (key, value) => void map.set(key, value),
    removeItem: async (key) => void map.delete(key),
  }
  return { storage, map }
}

describe('against the dev server', () => {
  test('a finished flow signs the session in, with the decoded claims of the auth token', async () => {
    const session = startSession()
    expect(session.getSnapshot()).toMatchObject({ status: 'signedOut', user: null })
    const actor = createOtpAuthActor({ client: client() }).start()
    const disconnect = connectSession(actor, session)

    actor.send({ type: 'identifier.submit', identifier: 'ada@example.com', intent: 'login' })
    await vi.waitFor(() => expect(server.outbox.latest('ada@example.com')).toBeDefined(), {
      timeout: 10_000,
    })
    await vi.waitFor(() => expect(actor.getSnapshot().matches('awaitingCode')).toBe(true), {
      timeout: 10_000,
    })
    actor.send({ type: 'code.submit', code: server.outbox.latest('ada@example.com')?.code ?? '' })
    const signedIn = await until(session, (snapshot) => snapshot.status === 'signedIn')
    disconnect()
    actor.stop()

    const user = signedIn.user
    expect(user?.sub).toBe(server.users.get('ada@example.com')?.id)
    expect(user?.aud).toBe(server.appId)
    expect(user?.iss).toBe(`${server.url}/v1/apps/${server.appId}`)
    expect(signedIn.expiresAt).toBe((user?.exp ?? 0) * 1000)
    expect(signedIn.authToken).toBe(actor.getSnapshot().context.authResult?.authToken)
    expect(signedIn.error).toBeNull()
  })

  test('snapshots stay the same object until something changes, and listeners hear changes', async () => {
    const store = createMemoryTokenStore()
    const session = startSession({ store })
    const listener = vi.fn()
    const unsubscribe = session.subscribe(listener)
    const before = session.getSnapshot()
    expect(session.getSnapshot()).toBe(before)
    expect(Object.isFrozen(before)).toBe(true)

    const result = await authenticate()
    await session.signIn(result)
    const after = session.getSnapshot()
    expect(after).not.toBe(before)
    expect(session.getSnapshot()).toBe(after)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(store.get()).toEqual(result)

    unsubscribe()
    await session.signOut()
    expect(listener).toHaveBeenCalledTimes(1)
    expect(session.getSnapshot().status).toBe('signedOut')
  })

  test('refresh rotates the tokens: the old refresh token is then refused with a 401', async () => {
    const store = createMemoryTokenStore()
    const session = startSession({ store })
    const first = await authenticate()
    await session.signIn(first)

    await session.refresh()
    const refreshed = session.getSnapshot()
    expect(refreshed.status).toBe('signedIn')
    expect(refreshed.authToken).not.toBe(first.authToken)
    expect(refreshed.user?.sub).toBe(decodeJwtClaims(first.authToken)?.sub)
    const stored = await store.get()
    expect(stored?.authToken).toBe(refreshed.authToken)
    expect(stored?.refreshToken).toEqual(expect.any(String))
    expect(stored?.refreshToken).not.toBe(first.refreshToken)

    const error = await client()
      .refreshSession(first.refreshToken ?? '')
      .catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(OtpAuthError)
    expect(error).toMatchObject({ kind: 'server', status: 401, code: 'invalid_refresh_token' })
    expect(isInvalidRefreshToken(error)).toBe(true)
  })

  test('refreshes by itself before the auth token expires', async () => {
    const first = await authenticate()
    const lifetime = ((decodeJwtClaims(first.authToken)?.exp ?? 0) - Date.now() / 1000) * 1000
    // The session's clock runs ahead so that the refresh falls due in about a second.
    const ahead = lifetime - 60_000 - 1000
    const clock = () => Date.now() + ahead
    const session = startSession({ now: clock })
    const requestsBefore = tokenRequests()
    await session.signIn(first)
    const expiresAt = session.getSnapshot().expiresAt ?? 0
    expect(tokenRequests()).toBe(requestsBefore)

    let refreshStartedAt = Number.NaN
    session.subscribe(() => {
      if (session.getSnapshot().status === 'refreshing') refreshStartedAt = clock()
    })
    await until(session, (snapshot) => snapshot.authToken !== first.authToken)
    expect(tokenRequests()).toBe(requestsBefore + 1)
    expect(refreshStartedAt).toBeLessThan(expiresAt)
    expect(session.getSnapshot()).toMatchObject({ status: 'signedIn', error: null })
  })

  test('concurrent refresh() calls share one request', async () => {
    const session = startSession()
    await session.signIn(await authenticate())
    const before = tokenRequests()
    const calls = [session.refresh(), session.refresh(), session.refresh()]
    expect(calls[1]).toBe(calls[0])
    await Promise.all(calls)
    expect(tokenRequests()).toBe(before + 1)
    expect(session.getSnapshot().status).toBe('signedIn')
  })

  test('a revoked refresh token ends the session cleanly, here and in the other tab', async () => {
    const store = createMemoryTokenStore()
    const [channelA, channelB] = channelPair()
    const session = startSession({ store, channel: channelA })
    const other = startSession({ store, channel: channelB })
    const result = await authenticate()
    await session.signIn(result)
    await until(other, (snapshot) => snapshot.status === 'signedIn')
    await client().signOut(result.refreshToken ?? '')

    await session.refresh()
    const ended = session.getSnapshot()
    expect(ended).toMatchObject({ status: 'signedOut', user: null, authToken: null })
    expect(isInvalidRefreshToken(ended.error)).toBe(true)
    expect(ended.error?.message).toMatch(/session has ended/)
    expect(store.get()).toBeNull()
    await until(other, (snapshot) => snapshot.status === 'signedOut')
  })

  test('a network failure keeps the session, sets the error and retries later', async () => {
    const session = startSession()
    const first = await authenticate()
    await session.signIn(first)
    server.setFaults({ dropRate: 1 })
    await session.refresh()
    const failed = session.getSnapshot()
    expect(failed).toMatchObject({ status: 'signedIn', authToken: first.authToken })
    expect(failed.error?.kind).toBe('network')

    server.clearFaults()
    const recovered = await until(session, (snapshot) => snapshot.authToken !== first.authToken)
    expect(recovered).toMatchObject({ status: 'signedIn', error: null })
  })

  test('sign-out revokes the refresh token at the server', async () => {
    const session = startSession()
    const result = await authenticate()
    await session.signIn(result)
    const before = signOutRequests()
    await session.signOut()
    expect(signOutRequests()).toBe(before + 1)
    const error = await client()
      .refreshSession(result.refreshToken ?? '')
      .catch((reason: unknown) => reason)
    expect(isInvalidRefreshToken(error)).toBe(true)
  })

  test('sign-out while the server is unreachable still clears everything here', async () => {
    const store = createMemoryTokenStore()
    const session = startSession({ store })
    const result = await authenticate()
    await session.signIn(result)
    server.setFaults({ dropRate: 1 })

    await expect(session.signOut()).resolves.toBeUndefined()
    expect(session.getSnapshot()).toMatchObject({ status: 'signedOut', user: null, error: null })
    expect(store.get()).toBeNull()

    // The server never heard of it: the refresh token still works there.
    server.clearFaults()
    await expect(client().refreshSession(result.refreshToken ?? '')).resolves.toMatchObject({
      authToken: expect.any(String),
    })
  })
})

describe('across tabs', () => {
  test('sign-in and sign-out in one tab show in the other (default BroadcastChannel, shared store)', async () => {
    const { storage } = createFakeStorage()
    const store = createWebStorageTokenStore(storage)
    // No `channel`: both open the default channel `passage-otp:<appId>`.
    const tab1 = startSession({ store, channel: undefined })
    const tab2 = startSession({ store, channel: undefined })
    expect(tab2.getSnapshot().status).toBe('signedOut')

    await tab1.signIn(await authenticate())
    const seen = await until(tab2, (snapshot) => snapshot.status === 'signedIn')
    expect(seen.authToken).toBe(tab1.getSnapshot().authToken)
    expect(seen.user?.sub).toBe(tab1.getSnapshot().user?.sub)

    await tab1.refresh()
    await until(tab2, (snapshot) => snapshot.authToken === tab1.getSnapshot().authToken)

    await tab2.signOut()
    await until(tab1, (snapshot) => snapshot.status === 'signedOut')
    expect(store.get()).toBeNull()
  })

  test('messages carry no tokens', async () => {
    const [channelA, channelB] = channelPair()
    const heard: unknown[] = []
    channelB.addEventListener('message', (event) => heard.push(event.data))
    const session = startSession({ channel: channelA })
    await session.signIn(await authenticate())
    await session.refresh()
    await session.signOut()
    await vi.waitFor(() => expect(heard).toHaveLength(3), { timeout: 10_000 })
    expect(heard).toEqual([{ type: 'signed-in' }, { type: 'refreshed' }, { type: 'signed-out' }])
  })

  test('with a lock, two tabs refreshing at once send one request and share its tokens', async () => {
    const store = createMemoryTokenStore()
    const locks = createLockManager()
    const tab1 = startSession({ store, locks })
    await tab1.signIn(await authenticate())
    const tab2 = startSession({ store, locks })
    expect(tab2.getSnapshot().authToken).toBe(tab1.getSnapshot().authToken)

    const before = tokenRequests()
    await Promise.all([tab1.refresh(), tab2.refresh()])
    expect(tokenRequests()).toBe(before + 1)
    expect(locks.granted()).toBe(2)
    expect(tab2.getSnapshot().authToken).toBe(tab1.getSnapshot().authToken)
    expect(tab1.getSnapshot()).toMatchObject({ status: 'signedIn', error: null })
    expect(tab2.getSnapshot()).toMatchObject({ status: 'signedIn', error: null })
  })

  test('a tab whose store is its own signs out when another tab signs out', async () => {
    const [channelA, channelB] = channelPair()
    const store2 = createMemoryTokenStore()
    const tab1 = startSession({ channel: channelA })
    const tab2 = startSession({ channel: channelB, store: store2 })
    await tab1.signIn(await authenticate('ada@example.com'))
    await tab2.signIn(await authenticate('grace@example.com'))
    const before = signOutRequests()

    await tab1.signOut()
    await until(tab2, (snapshot) => snapshot.status === 'signedOut')
    await vi.waitFor(() => expect(store2.get()).toBeNull(), { timeout: 10_000 })
    // Only the tab that signed out called the server.
    expect(signOutRequests()).toBe(before + 1)
  })
})

describe('token stores', () => {
  const result: AuthResult = {
    authToken: 'a.b.c',
    redirectUrl: '/home',
    refreshToken: 'r',
    refreshTokenExpiration: 1_900_000_000,
  }

  test('the Web Storage store round-trips under its key', () => {
    const { storage, map } = createFakeStorage()
    const store = createWebStorageTokenStore(storage, { key: 'my-key' })
    expect(store.get()).toBeNull()
    store.set(result)
    expect(map.has('my-key')).toBe(true)
    expect(store.get()).toEqual(result)
    store.clear()
    expect(store.get()).toBeNull()
  })

  test.each([
    ['not JSON', '{nope'],
    ['a foreign value', '{"theme":"dark"}'],
    ['an array', '[1,2]'],
    ['a wrongly typed field', '{"authToken":"a.b.c","refreshToken":42}'],
  ])('the Web Storage store reads %s as null, with a warning', (_, raw) => {
    const onWarning = vi.fn()
    const { storage, map } = createFakeStorage({ 'passage-otp:session': raw })
    const store = createWebStorageTokenStore(storage, { onWarning })
    expect(store.get()).toBeNull()
    expect(onWarning).toHaveBeenCalledTimes(1)
    // Someone else's value is left alone.
    expect(map.get('passage-otp:session')).toBe(raw)
  })

  test('a storage that throws reads as null and writes with a warning, never a crash', () => {
    const onWarning = vi.fn()
    const fail = () => {
      throw new DOMException('denied', 'SecurityError')
    }
    const store = createWebStorageTokenStore(
      { getItem: fail, setItem: fail, removeItem: fail },
      { onWarning },
    )
    expect(store.get()).toBeNull()
    expect(() => store.set(result)).not.toThrow()
    expect(() => store.clear()).not.toThrow()
    expect(onWarning).toHaveBeenCalledTimes(3)
  })

  test('a session over a corrupt Web Storage value starts signed out, with a warning', () => {
    const onWarning = vi.fn()
    const { storage } = createFakeStorage({ 'passage-otp:session': '{nope' })
    const session = startSession({ store: createWebStorageTokenStore(storage, { onWarning }) })
    expect(session.getSnapshot()).toMatchObject({ status: 'signedOut', error: null })
    expect(onWarning).toHaveBeenCalled()
  })

  test('a stored auth token that is not a JWT: signed out, warned, and removed', () => {
    const onWarning = vi.fn()
    const { storage, map } = createFakeStorage({
      'passage-otp:session': JSON.stringify({ authToken: 'not-a-jwt', redirectUrl: '/' }),
    })
    const session = startSession({ store: createWebStorageTokenStore(storage), onWarning })
    expect(session.getSnapshot().status).toBe('signedOut')
    expect(onWarning).toHaveBeenCalledWith(expect.stringMatching(/not a JWT/))
    expect(map.size).toBe(0)
  })

  test('the async store round-trips, and a session over it loads after `loading`', async () => {
    const { storage, map } = createFakeAsyncStorage()
    const store = createAsyncStorageTokenStore(storage)
    expect(await store.get()).toBeNull()
    await store.set(result)
    expect(await store.get()).toEqual(result)
    await store.clear()
    expect(map.size).toBe(0)

    const signedIn = await authenticate()
    const first = startSession({ store })
    await first.ready
    await first.signIn(signedIn)
    first.destroy()

    // As after an app restart: a new session finds the tokens.
    const second = startSession({ store: createAsyncStorageTokenStore(storage) })
    expect(second.getSnapshot().status).toBe('loading')
    await second.ready
    expect(second.getSnapshot()).toMatchObject({
      status: 'signedIn',
      authToken: signedIn.authToken,
      user: { sub: decodeJwtClaims(signedIn.authToken)?.sub },
    })
  })

  test('the async store reads a corrupt value as null with a warning', async () => {
    const onWarning = vi.fn()
    const { storage, map } = createFakeAsyncStorage()
    map.set('passage-otp:session', 'garbage')
    expect(await createAsyncStorageTokenStore(storage, { onWarning }).get()).toBeNull()
    expect(onWarning).toHaveBeenCalledTimes(1)
  })
})

describe('decodeJwtClaims', () => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

  test('decodes the payload, UTF-8 included, without verifying', () => {
    const token = `${encode({ alg: 'RS256' })}.${encode({ sub: 'u1', name: 'Zoë 日本', exp: 2 })}.sig`
    expect(decodeJwtClaims(token)).toEqual({ sub: 'u1', name: 'Zoë 日本', exp: 2 })
  })

  test.each([
    ['two parts', `${encode({})}.${encode({ sub: 'x' })}`],
    ['a payload that is not base64url', 'a.!!!.c'],
    ['a payload that is not JSON', `a.${Buffer.from('nope').toString('base64url')}.c`],
    ['a payload that is not an object', `a.${encode([1])}.c`],
    ['a non-numeric exp', `a.${encode({ exp: 'soon' })}.c`],
  ])('returns null for %s', (_, token) => {
    expect(decodeJwtClaims(token)).toBeNull()
  })
})

describe('refresh timing (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    // A whole second, as JWT times are.
    vi.setSystemTime(1_800_000_000_000)
  })

  test('the refresh runs refreshBeforeExpiryMs before expiry, not earlier', async () => {
    const { fake, client } = createFakeClient(600)
    const session = startSession({ client, refreshBeforeExpiryMs: 60_000 })
    await session.signIn(fake.issue())
    await vi.advanceTimersByTimeAsync(539_999)
    expect(fake.refreshSession).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(fake.refreshSession).toHaveBeenCalledExactlyOnceWith('r1')
    expect(session.getSnapshot()).toMatchObject({ status: 'signedIn', error: null })
    // …and the next one is planned from the new token.
    await vi.advanceTimersByTimeAsync(540_000)
    expect(fake.refreshSession).toHaveBeenCalledTimes(2)
    expect(fake.refreshSession).toHaveBeenLastCalledWith('r2')
  })

  test('a lifetime shorter than the margin refreshes at half-life', async () => {
    const { fake, client } = createFakeClient(40)
    const session = startSession({ client })
    await session.signIn(fake.issue())
    await vi.advanceTimersByTimeAsync(19_999)
    expect(fake.refreshSession).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(fake.refreshSession).toHaveBeenCalledTimes(1)
  })

  test('tokens already due when they arrive back off instead of looping', async () => {
    const { fake, client } = createFakeClient(600)
    const onWarning = vi.fn()
    const session = startSession({ client, onWarning })
    await session.signIn(fake.issue())
    fake.lifetime = 0
    await vi.advanceTimersByTimeAsync(540_000)
    expect(fake.refreshSession).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(10_000)
    // Back-off 1 s, 2 s, 4 s: three more in ten seconds, not thousands.
    expect(fake.refreshSession).toHaveBeenCalledTimes(4)
    expect(onWarning).toHaveBeenCalledWith(expect.stringMatching(/device clock/))
    expect(session.getSnapshot().status).toBe('signedIn')
  })

  test('failed refreshes retry with growing delays', async () => {
    const { fake, client } = createFakeClient(600)
    const session = startSession({ client })
    await session.signIn(fake.issue())
    fake.refreshSession.mockRejectedValue(new OtpAuthError({ kind: 'network', message: 'offline' }))
    await vi.advanceTimersByTimeAsync(540_000)
    expect(fake.refreshSession).toHaveBeenCalledTimes(1)
    expect(session.getSnapshot().error?.kind).toBe('network')
    await vi.advanceTimersByTimeAsync(1000)
    expect(fake.refreshSession).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1999)
    expect(fake.refreshSession).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(fake.refreshSession).toHaveBeenCalledTimes(3)

    fake.refreshSession.mockImplementation(async () => fake.issue())
    await vi.advanceTimersByTimeAsync(4000)
    expect(fake.refreshSession).toHaveBeenCalledTimes(4)
    expect(session.getSnapshot()).toMatchObject({ status: 'signedIn', error: null })
  })

  test('a rate limit waits at least its Retry-After', async () => {
    const { fake, client } = createFakeClient(600)
    const session = startSession({ client })
    await session.signIn(fake.issue())
    fake.refreshSession.mockRejectedValueOnce(
      new OtpAuthError({ kind: 'rate_limited', message: 'slow down', retryAfterMs: 30_000 }),
    )
    await session.refresh()
    await vi.advanceTimersByTimeAsync(29_999)
    expect(fake.refreshSession).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fake.refreshSession).toHaveBeenCalledTimes(2)
  })

  test('without a refresh token the session ends when the auth token expires', async () => {
    const { fake, client } = createFakeClient(600)
    const store = createMemoryTokenStore()
    const session = startSession({ client, store })
    const { refreshToken: _, ...withoutRefresh } = fake.issue()
    await session.signIn(withoutRefresh)
    await vi.advanceTimersByTimeAsync(599_999)
    expect(session.getSnapshot().status).toBe('signedIn')
    await vi.advanceTimersByTimeAsync(1)
    expect(session.getSnapshot().status).toBe('signedOut')
    expect(store.get()).toBeNull()
    expect(fake.refreshSession).not.toHaveBeenCalled()
  })

  test('destroy() stops the refresh timer', async () => {
    const { fake, client } = createFakeClient(600)
    const session = startSession({ client })
    await session.signIn(fake.issue())
    session.destroy()
    await vi.advanceTimersByTimeAsync(3_600_000)
    expect(fake.refreshSession).not.toHaveBeenCalled()
  })
})

describe('races', () => {
  test('signing out during a refresh keeps it signed out and revokes the new refresh token', async () => {
    const { fake, client } = createFakeClient()
    const answer = deferred<AuthResult>()
    fake.refreshSession.mockReturnValueOnce(answer.promise)
    const store = createMemoryTokenStore()
    const session = startSession({ client, store })
    await session.signIn(fake.issue())
    const refreshing = session.refresh()
    await vi.waitFor(() => expect(fake.refreshSession).toHaveBeenCalled(), { timeout: 10_000 })
    expect(session.getSnapshot().status).toBe('refreshing')

    await session.signOut()
    answer.resolve(fake.issue())
    await refreshing
    expect(session.getSnapshot().status).toBe('signedOut')
    expect(store.get()).toBeNull()
    expect(fake.signOut.mock.calls.map(([token]) => token)).toEqual(['r1', 'r2'])
  })

  test('a malformed token at signIn() leaves it signed out with an error and a warning', async () => {
    const onWarning = vi.fn()
    const store: TokenStore = createMemoryTokenStore()
    const session = startSession({ store, onWarning })
    await session.signIn({ authToken: 'garbage', redirectUrl: '/' })
    expect(session.getSnapshot()).toMatchObject({ status: 'signedOut', user: null })
    expect(session.getSnapshot().error?.kind).toBe('bad_response')
    expect(onWarning).toHaveBeenCalled()
    expect(store.get()).toBeNull()
  })

  test('signing in again revokes the refresh token it replaces', async () => {
    const { fake, client } = createFakeClient()
    const session = startSession({ client })
    await session.signIn(fake.issue())
    await session.signIn(fake.issue())
    expect(fake.signOut).toHaveBeenCalledExactlyOnceWith('r1')
    expect(session.getSnapshot().user?.jti).toBe('2')
  })

  test('connectSession() stops signing in once disconnected', async () => {
    const handlers: ((event: { type: 'authenticated'; authResult: AuthResult }) => void)[] = []
    const source = {
      on: (_: 'authenticated', handler: (typeof handlers)[number]) => {
        handlers.push(handler)
        return { unsubscribe: () => handlers.splice(handlers.indexOf(handler), 1) }
      },
    }
    const signIn = vi.fn(async () => undefined)
    const disconnect = connectSession(source, { signIn })
    const { fake } = createFakeClient()
    const result = fake.issue()
    for (const handler of [...handlers]) handler({ type: 'authenticated', authResult: result })
    disconnect()
    expect(handlers).toHaveLength(0)
    expect(signIn).toHaveBeenCalledExactlyOnceWith(result)
  })
})

import { describe, expect, test, vi } from 'vitest'
import { createMemoryStorage } from '../src/storage'
import { createStorageTokenStore, toAuthResult } from '../src/token-store'

// docs/guide/sessions.md, "Where tokens live": corrupt or foreign values read as signed out,
// with a warning; they never throw. The key defaults to `passage-otp:session`.

describe('toAuthResult: a stored value as an auth result, or null', () => {
  test.each([
    ['the token alone', { authToken: 't' }, { authToken: 't', redirectUrl: '/' }],
    [
      'every field',
      { authToken: 't', redirectUrl: '/app', refreshToken: 'r', refreshTokenExpiration: 1800 },
      { authToken: 't', redirectUrl: '/app', refreshToken: 'r', refreshTokenExpiration: 1800 },
    ],
    [
      'fields it does not know, dropped',
      { authToken: 't', redirectUrl: '/', isAdmin: true },
      { authToken: 't', redirectUrl: '/' },
    ],
  ])('%s', (_, value, expected) => {
    expect(toAuthResult(value)).toStrictEqual(expected)
  })

  test.each([
    ['null', null],
    ['a string', 'token'],
    ['an array', ['t']],
    ['no token', { redirectUrl: '/' }],
    ['an empty token', { authToken: '' }],
    ['a token that is not a string', { authToken: 42 }],
    ['a redirect that is not a string', { authToken: 't', redirectUrl: 1 }],
    ['an empty refresh token', { authToken: 't', refreshToken: '' }],
    ['a refresh token that is not a string', { authToken: 't', refreshToken: 7 }],
    ['an expiration that is a string', { authToken: 't', refreshTokenExpiration: '1800' }],
    [
      'an infinite expiration',
      { authToken: 't', refreshTokenExpiration: Number.POSITIVE_INFINITY },
    ],
  ])('%s: null', (_, value) => {
    expect(toAuthResult(value)).toBeNull()
  })
})

describe('createStorageTokenStore: tokens in a key-value storage', () => {
  const tokens = { authToken: 't', redirectUrl: '/', refreshToken: 'r' }

  test('what it writes it reads back, under passage-otp:session or the given key', async () => {
    const storage = createMemoryStorage()
    await createStorageTokenStore(storage).set(tokens)
    expect(JSON.parse((await storage.getItem('passage-otp:session')) ?? 'null')).toStrictEqual(
      tokens,
    )
    const onWarning = vi.fn()
    expect(await createStorageTokenStore(storage, { onWarning }).get()).toStrictEqual(tokens)
    expect(onWarning).not.toHaveBeenCalled()

    const keyed = createStorageTokenStore(storage, { key: 'my-app:tokens' })
    expect(await keyed.get()).toBeNull()
    await keyed.set({ authToken: 'u', redirectUrl: '/' })
    expect(storage.getItem('my-app:tokens')).not.toBeNull()
    await keyed.clear()
    expect(storage.getItem('my-app:tokens')).toBeNull()
    expect(await createStorageTokenStore(storage).get()).toStrictEqual(tokens)
  })

  test('nothing stored reads as signed out, without a warning', async () => {
    const onWarning = vi.fn()
    expect(await createStorageTokenStore(createMemoryStorage(), { onWarning }).get()).toBeNull()
    expect(onWarning).not.toHaveBeenCalled()
  })

  test.each([
    ['not JSON', '{"authToken":', /"k" in storage is not JSON.*signed out/],
    [
      'JSON that is no session',
      '{"token":"t"}',
      /"k" in storage is not a saved session.*signed out/,
    ],
  ])('a value that is %s reads as signed out, with a warning', async (_, raw, message) => {
    const storage = createMemoryStorage()
    storage.setItem('k', raw)
    const onWarning = vi.fn()
    expect(await createStorageTokenStore(storage, { key: 'k', onWarning }).get()).toBeNull()
    expect(onWarning).toHaveBeenCalledOnce()
    expect(onWarning.mock.calls[0]?.[0]).toMatch(message)
  })

  test('a storage that fails warns, naming the key, and never throws', async () => {
    const failure = new Error('quota exceeded')
    const failing = {
      getItem: () => {
        throw failure
      },
      setItem: () => Promise.reject(failure),
      removeItem: () => {
        throw failure
      },
    }
    const onWarning = vi.fn()
    const store = createStorageTokenStore(failing, { key: 'k', onWarning })
    expect(await store.get()).toBeNull()
    await store.set(tokens)
    await store.clear()
    expect(onWarning.mock.calls.map(([message, detail]) => [String(message), detail])).toEqual([
      [expect.stringMatching(/^Could not read "k" from storage.*signed out/), failure],
      [expect.stringMatching(/^Could not write "k" to storage/), failure],
      [expect.stringMatching(/^Could not remove "k" from storage/), failure],
    ])
  })
})

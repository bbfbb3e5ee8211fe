import { afterEach, describe, expect, test, vi } from 'vitest'
import { createMemoryStorage, getWebStorage, type KeyValueStorage, settle } from '../src/storage'
import { createStorageTokenStore } from '../src/token-store'

afterEach(() => vi.unstubAllGlobals())

describe('createMemoryStorage', () => {
  test('keeps values under their keys, starting from the given entries', () => {
    const storage = createMemoryStorage({ a: '1' })
    expect(storage.getItem('a')).toBe('1')
    storage.setItem('b', '2')
    expect(storage.size).toBe(2)
    storage.removeItem('a')
    expect(storage.getItem('a')).toBeNull()
    expect(storage.size).toBe(1)
  })
})

describe('getWebStorage', () => {
  test('is null where there is no Web Storage (a server, this test runner)', () => {
    expect(getWebStorage('localStorage')).toBeNull()
  })

  test('is the page storage where there is one', () => {
    const storage = createMemoryStorage()
    vi.stubGlobal('sessionStorage', storage)
    expect(getWebStorage('sessionStorage')).toBe(storage)
  })

  test('is null where reading it throws (storage blocked by the browser)', () => {
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('denied', 'SecurityError')
      },
    })
    try {
      expect(getWebStorage('localStorage')).toBeNull()
    } finally {
      Reflect.deleteProperty(globalThis, 'localStorage')
    }
  })
})

describe('settle', () => {
  const failed = (error: unknown) => `failed: ${(error as Error).message}`

  test('answers at once when the work does', () => {
    expect(
      settle(
        () => 2,
        (value) => String(value * 2),
        failed,
      ),
    ).toBe('4')
    expect(
      settle(
        () => {
          throw new Error('work')
        },
        String,
        failed,
      ),
    ).toBe('failed: work')
    expect(
      settle(
        () => 2,
        () => {
          throw new Error('done')
        },
        failed,
      ),
    ).toBe('failed: done')
  })

  test('answers with a promise when the work does', async () => {
    const answer = settle(
      () => Promise.resolve(2),
      (value) => String(value * 2),
      failed,
    )
    expect(answer).toBeInstanceOf(Promise)
    await expect(answer).resolves.toBe('4')
    await expect(settle(() => Promise.reject(new Error('late')), String, failed)).resolves.toBe(
      'failed: late',
    )
  })
})

test('one token store over synchronous and asynchronous storage alike', async () => {
  const result = { authToken: 'a.b.c', redirectUrl: '/' }
  const sync = createStorageTokenStore(createMemoryStorage())
  sync.set(result)
  expect(sync.get()).toEqual(result)

  const memory = createMemoryStorage()
  const asyncStorage: KeyValueStorage = {
    getItem: async (key) => memory.getItem(key),
    setItem: async (key, value) => memory.setItem(key, value),
    removeItem: async (key) => memory.removeItem(key),
  }
  const later = createStorageTokenStore(asyncStorage)
  await later.set(result)
  const read = later.get()
  expect(read).toBeInstanceOf(Promise)
  expect(await read).toEqual(result)
  await later.clear()
  expect(memory.size).toBe(0)
})

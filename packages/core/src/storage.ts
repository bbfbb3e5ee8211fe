/**
 * One key-value storage shape for everything the core keeps: Web Storage (`localStorage`,
 * `sessionStorage`), React Native's `AsyncStorage`, or anything with the same three methods.
 * Each method may answer at once or with a promise.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>
  setItem(key: string, value: string): void | Promise<void>
  removeItem(key: string): void | Promise<void>
}

/**
 * A storage that lives as long as the page: for tests, or to keep nothing across reloads.
 *
 * @example
 * ```ts
 * import { createMemoryStorage, createStorageTokenStore } from '@passage-otp/core'
 *
 * const store = createStorageTokenStore(createMemoryStorage())
 * ```
 */
export function createMemoryStorage(
  entries: Record<string, string> = {},
): KeyValueStorage & { readonly size: number } {
  const items = new Map(Object.entries(entries))
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    get size() {
      return items.size
    },
  }
}

/**
 * The page's `localStorage` or `sessionStorage` when there is one and it may be used; `null` on a
 * server, in a worker, or where the browser blocks storage (reading the property throws there).
 *
 * @example
 * ```ts
 * import { createMemoryStorage, createStorageTokenStore, getWebStorage } from '@passage-otp/core'
 *
 * const store = createStorageTokenStore(getWebStorage('localStorage') ?? createMemoryStorage())
 * ```
 */
export function getWebStorage(name: 'localStorage' | 'sessionStorage'): KeyValueStorage | null {
  try {
    const storage = (globalThis as Partial<Record<typeof name, KeyValueStorage>>)[name]
    return typeof storage?.getItem === 'function' ? storage : null
  } catch {
    return null
  }
}

/**
 * Runs `work` and hands its result to `done`, or its failure to `failed`: synchronously when
 * `work` answers at once (so a Web Storage value is there on the first render), else once its
 * promise settles.
 */
export function settle<T, R>(
  work: () => T | PromiseLike<T>,
  done: (value: T) => R | PromiseLike<R>,
  failed: (error: unknown) => R,
): R | Promise<R> {
  let value: T | PromiseLike<T>
  try {
    value = work()
  } catch (error) {
    return failed(error)
  }
  if (!isPromiseLike(value)) {
    try {
      const result = done(value)
      return isPromiseLike(result) ? Promise.resolve(result).catch(failed) : result
    } catch (error) {
      return failed(error)
    }
  }
  return Promise.resolve(value).then(done).catch(failed)
}

export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function'
}

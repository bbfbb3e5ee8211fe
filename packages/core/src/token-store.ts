import type { AuthResult } from './client'

/**
 * Where a session keeps its tokens. Each method may answer synchronously or with a promise, so
 * `localStorage` and React Native's `AsyncStorage` fit the same shape. Share one store between
 * tabs (Web Storage) to share the session between them.
 */
export interface TokenStore {
  get(): AuthResult | null | Promise<AuthResult | null>
  set(result: AuthResult): void | Promise<void>
  clear(): void | Promise<void>
}

/** Receives what went wrong without breaking anything (a value that could not be read, …). */
export type WarningHandler = (message: string, detail?: unknown) => void

export interface TokenStoreOptions {
  /** Default `'passage-otp:session'`. */
  key?: string
  /** Default `console.warn`. */
  onWarning?: WarningHandler
}

/** The subset of the Web Storage API the store uses (`localStorage`, `sessionStorage`). */
export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** The subset of React Native's `AsyncStorage` (or any promise-based key-value store) it uses. */
export interface AsyncStorageLike {
  getItem(key: string): Promise<string | null | undefined>
  setItem(key: string, value: string): Promise<unknown>
  removeItem(key: string): Promise<unknown>
}

export const DEFAULT_TOKEN_STORE_KEY = 'passage-otp:session'

export const defaultWarningHandler: WarningHandler = (message, detail) => {
  if (typeof console !== 'undefined') console.warn(`[passage-otp] ${message}`, detail ?? '')
}

/**
 * Keeps tokens in this JavaScript context only: gone on reload, invisible to other tabs.
 *
 * @example
 * ```ts
 * import { createMemoryTokenStore, createSession } from '@passage-otp/core'
 *
 * const session = createSession({ appId: 'demo', store: createMemoryTokenStore() })
 * ```
 */
export function createMemoryTokenStore(initial: AuthResult | null = null): TokenStore {
  let current = initial
  return {
    get: () => current,
    set(result) {
      current = result
    },
    clear() {
      current = null
    },
  }
}

/**
 * Keeps tokens in `localStorage` (shared by the tabs of an origin, kept across reloads) or
 * `sessionStorage`. Pass the storage itself, which keeps this import safe where there is none:
 * `typeof localStorage === 'undefined' ? createMemoryTokenStore() : createWebStorageTokenStore(localStorage)`.
 * Values that cannot be read (corrupt, foreign, blocked storage) read as signed out, with a warning.
 *
 * @example
 * ```ts
 * import { createSession, createWebStorageTokenStore } from '@passage-otp/core'
 *
 * const session = createSession({ appId: 'demo', store: createWebStorageTokenStore(localStorage) })
 * ```
 */
export function createWebStorageTokenStore(
  storage: StorageLike,
  options: TokenStoreOptions = {},
): TokenStore {
  const { key = DEFAULT_TOKEN_STORE_KEY, onWarning = defaultWarningHandler } = options
  return {
    get() {
      let raw: string | null
      try {
        raw = storage.getItem(key)
      } catch (error) {
        onWarning(
          `Could not read "${key}" from storage; treating the session as signed out.`,
          error,
        )
        return null
      }
      return decodeStoredAuthResult(raw, key, onWarning)
    },
    set(result) {
      try {
        storage.setItem(key, encodeAuthResult(result))
      } catch (error) {
        onWarning(
          `Could not write "${key}" to storage; the session will not survive a reload.`,
          error,
        )
      }
    },
    clear() {
      try {
        storage.removeItem(key)
      } catch (error) {
        onWarning(`Could not remove "${key}" from storage.`, error)
      }
    },
  }
}

/**
 * Keeps tokens in a promise-based key-value store such as React Native's `AsyncStorage`. Like the
 * Web Storage store, it reads unreadable values as signed out and reports storage failures as
 * warnings instead of throwing.
 *
 * @example
 * ```ts
 * import { type AsyncStorageLike, createAsyncStorageTokenStore, createSession } from '@passage-otp/core'
 *
 * // React Native's AsyncStorage
 * declare const AsyncStorage: AsyncStorageLike
 * const session = createSession({ appId: 'demo', store: createAsyncStorageTokenStore(AsyncStorage) })
 * await session.ready
 * ```
 */
export function createAsyncStorageTokenStore(
  storage: AsyncStorageLike,
  options: TokenStoreOptions = {},
): TokenStore {
  const { key = DEFAULT_TOKEN_STORE_KEY, onWarning = defaultWarningHandler } = options
  return {
    async get() {
      let raw: string | null | undefined
      try {
        raw = await storage.getItem(key)
      } catch (error) {
        onWarning(
          `Could not read "${key}" from storage; treating the session as signed out.`,
          error,
        )
        return null
      }
      return decodeStoredAuthResult(raw ?? null, key, onWarning)
    },
    async set(result) {
      try {
        await storage.setItem(key, encodeAuthResult(result))
      } catch (error) {
        onWarning(
          `Could not write "${key}" to storage; the session will not survive a restart.`,
          error,
        )
      }
    },
    async clear() {
      try {
        await storage.removeItem(key)
      } catch (error) {
        onWarning(`Could not remove "${key}" from storage.`, error)
      }
    },
  }
}

function encodeAuthResult(result: AuthResult): string {
  const { authToken, redirectUrl, refreshToken, refreshTokenExpiration } = result
  return JSON.stringify({ authToken, redirectUrl, refreshToken, refreshTokenExpiration })
}

function decodeStoredAuthResult(
  raw: string | null,
  key: string,
  onWarning: WarningHandler,
): AuthResult | null {
  if (raw === null) return null
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch (error) {
    onWarning(`"${key}" in storage is not JSON; treating the session as signed out.`, error)
    return null
  }
  const result = toAuthResult(value)
  if (!result) {
    onWarning(`"${key}" in storage is not a saved session; treating the session as signed out.`)
  }
  return result
}

/**
 * The value as an `AuthResult` when it has the right shape, else `null`.
 *
 * @example
 * ```ts
 * import { toAuthResult } from '@passage-otp/core'
 *
 * const stored = toAuthResult(JSON.parse(localStorage.getItem('tokens') ?? 'null'))
 * if (stored) console.log(stored.authToken)
 * ```
 */
export function toAuthResult(value: unknown): AuthResult | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const { authToken, redirectUrl, refreshToken, refreshTokenExpiration } = value as Record<
    string,
    unknown
  >
  if (typeof authToken !== 'string' || authToken === '') return null
  if (redirectUrl !== undefined && typeof redirectUrl !== 'string') return null
  if (refreshToken !== undefined && (typeof refreshToken !== 'string' || refreshToken === '')) {
    return null
  }
  if (
    refreshTokenExpiration !== undefined &&
    (typeof refreshTokenExpiration !== 'number' || !Number.isFinite(refreshTokenExpiration))
  ) {
    return null
  }
  const result: AuthResult = { authToken, redirectUrl: redirectUrl ?? '/' }
  if (refreshToken !== undefined) result.refreshToken = refreshToken
  if (refreshTokenExpiration !== undefined) result.refreshTokenExpiration = refreshTokenExpiration
  return result
}

import { isFiniteNumber, isRecord } from './checks'
import type { AuthResult } from './client'
import { type KeyValueStorage, settle } from './storage'
import { defaultWarningHandler, type WarningHandler } from './warn'

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

export interface TokenStoreOptions {
  /** Default `'passage-otp:session'`. */
  key?: string
  /** Default `console.warn`. */
  onWarning?: WarningHandler
}

export const DEFAULT_TOKEN_STORE_KEY = 'passage-otp:session'

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
 * Keeps tokens in a key-value storage: `localStorage` (shared by the tabs of an origin, kept
 * across reloads), `sessionStorage`, React Native's `AsyncStorage`, or anything of the same shape.
 * It answers synchronously over a synchronous storage and with promises over an asynchronous one.
 * Pass the storage itself, which keeps this import safe where there is none:
 * `createStorageTokenStore(getWebStorage('localStorage') ?? createMemoryStorage())`.
 * Values that cannot be read (corrupt, foreign, blocked storage) read as signed out, and failed
 * writes are reported, both through `onWarning`; nothing throws.
 *
 * @example
 * ```ts
 * import { createSession, createStorageTokenStore } from '@passage-otp/core'
 *
 * const session = createSession({ appId: 'demo', store: createStorageTokenStore(localStorage) })
 * ```
 *
 * @example
 * ```ts
 * import { createSession, createStorageTokenStore, type KeyValueStorage } from '@passage-otp/core'
 *
 * // React Native's AsyncStorage
 * declare const AsyncStorage: KeyValueStorage
 * const session = createSession({ appId: 'demo', store: createStorageTokenStore(AsyncStorage) })
 * await session.ready
 * ```
 */
export function createStorageTokenStore(
  storage: KeyValueStorage,
  options: TokenStoreOptions = {},
): TokenStore {
  const { key = DEFAULT_TOKEN_STORE_KEY, onWarning = defaultWarningHandler } = options
  const warn = (message: string) => (error: unknown) => onWarning(message, error)
  const done = () => {}
  return {
    get: () =>
      settle(
        () => storage.getItem(key),
        (raw) => decodeStoredAuthResult(raw ?? null, key, onWarning),
        (error) => {
          onWarning(
            `Could not read "${key}" from storage; treating the session as signed out.`,
            error,
          )
          return null
        },
      ),
    set: (result) =>
      settle(
        () => storage.setItem(key, encodeAuthResult(result)),
        done,
        warn(`Could not write "${key}" to storage; the session will not survive a restart.`),
      ),
    clear: () =>
      settle(() => storage.removeItem(key), done, warn(`Could not remove "${key}" from storage.`)),
  }
}

/** `createStorageTokenStore` over Web Storage, named for the storage it is given. */
export const createWebStorageTokenStore = createStorageTokenStore
/** `createStorageTokenStore` over `AsyncStorage`, named for the storage it is given. */
export const createAsyncStorageTokenStore = createStorageTokenStore

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
  if (!isRecord(value)) return null
  const { authToken, redirectUrl, refreshToken, refreshTokenExpiration } = value
  if (typeof authToken !== 'string' || authToken === '') return null
  if (redirectUrl !== undefined && typeof redirectUrl !== 'string') return null
  if (refreshToken !== undefined && (typeof refreshToken !== 'string' || refreshToken === '')) {
    return null
  }
  if (refreshTokenExpiration !== undefined && !isFiniteNumber(refreshTokenExpiration)) return null
  const result: AuthResult = { authToken, redirectUrl: redirectUrl ?? '/' }
  if (refreshToken !== undefined) result.refreshToken = refreshToken
  if (refreshTokenExpiration !== undefined) result.refreshTokenExpiration = refreshTokenExpiration
  return result
}

import {
  type AuthResult,
  createPassageOtpClient,
  type PassageOtpClient,
  type PassageOtpClientOptions,
} from './client'
import { createOtpAuthError, isOtpAuthError, type OtpAuthError, toOtpAuthError } from './errors'
import {
  createMemoryTokenStore,
  defaultWarningHandler,
  type TokenStore,
  toAuthResult,
  type WarningHandler,
} from './token-store'

/**
 * The payload of an auth token, decoded but **not verified**: good for showing who is signed in
 * and when the token expires, never for trusting it. Backends verify the token's signature with
 * the app's JWKS (`/apps/{appId}/.well-known/jwks.json`).
 */
export interface JwtClaims {
  /** The user's id. */
  sub?: string
  /** Expiry, in seconds since 1970. */
  exp?: number
  /** Issue time, in seconds since 1970. */
  iat?: number
  nbf?: number
  iss?: string
  aud?: string | string[]
  jti?: string
  [claim: string]: unknown
}

export type SessionStatus = 'loading' | 'signedOut' | 'signedIn' | 'refreshing'

/** What a screen shows; a new object only when something changed. */
export interface SessionSnapshot {
  /** `loading` until an async store answers; `refreshing` is signed in with a refresh running. */
  readonly status: SessionStatus
  /** The decoded claims while signed in (also while refreshing), else `null`. */
  readonly user: Readonly<JwtClaims> | null
  /** What to send as `Authorization: Bearer …`. */
  readonly authToken: string | null
  /** When the auth token expires, in milliseconds since 1970 (`exp` × 1000). */
  readonly expiresAt: number | null
  /**
   * The last refresh failure. Still signed in: a network failure (retried with backoff). Signed
   * out: the server refused the refresh token (`isInvalidRefreshToken`). Cleared on success.
   */
  readonly error: OtpAuthError | null
}

/** What sessions post to each other; tokens never travel this way, only through the store. */
export type SessionMessage = { type: 'signed-in' | 'refreshed' | 'signed-out' }

type MessageListener = (event: { data: unknown }) => void

/** The part of `BroadcastChannel` a session uses. */
export interface BroadcastChannelLike {
  postMessage(message: SessionMessage): void
  addEventListener(type: 'message', listener: MessageListener): void
  removeEventListener(type: 'message', listener: MessageListener): void
  close?(): void
}

/** The part of the Web Locks API (`navigator.locks`) a session uses. */
export interface LockManagerLike {
  request(name: string, callback: (lock: unknown) => Promise<void>): Promise<unknown>
}

export type SessionOptions = ({ client: PassageOtpClient } | PassageOtpClientOptions) & {
  /** Where tokens live; default memory (this tab only, gone on reload). */
  store?: TokenStore
  /** Refresh this long before the auth token expires (at most half its lifetime). Default 60 s. */
  refreshBeforeExpiryMs?: number
  /**
   * Tells other tabs about sign-in, refresh and sign-out. Default: a `BroadcastChannel` named
   * `'passage-otp:' + appId` where the runtime has one; `false` for none.
   */
  channel?: BroadcastChannelLike | false
  /** Keeps refreshes one at a time across tabs. Default `navigator.locks` where it exists. */
  locks?: LockManagerLike | false
  /** Clock in milliseconds; default `Date.now`. */
  now?: () => number
  /** Default `console.warn`. */
  onWarning?: WarningHandler
}

export interface Session {
  readonly appId: string
  getSnapshot(): SessionSnapshot
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** Resolves once the store has been read (at once for synchronous stores). Never rejects. */
  readonly ready: Promise<void>
  /** Keeps the tokens of a finished flow (see `connectSession`) and tells the other tabs. */
  signIn(authResult: AuthResult): Promise<void>
  /**
   * Refreshes now, one refresh at a time (calls made meanwhile share it). Never rejects: the
   * outcome is in the snapshot. Refreshes also run by themselves before the token expires.
   */
  refresh(): Promise<void>
  /** Forgets the tokens here and in the other tabs at once, then revokes them on the server if it can. */
  signOut(): Promise<void>
  /** Stops timers and cross-tab messages. */
  destroy(): void
}

export const DEFAULT_REFRESH_BEFORE_EXPIRY_MS = 60_000
const MAX_RETRY_DELAY_MS = 60_000
// setTimeout's longest delay; longer waits are re-planned when it fires.
const MAX_TIMER_MS = 2_147_483_647

interface Current {
  result: AuthResult
  claims: Readonly<JwtClaims>
  expiresAt: number | null
  /** How long before `expiresAt` to refresh. */
  lead: number
}

/**
 * Keeps the signed-in state after a flow ends: tokens in a store, the decoded user, refreshes
 * before expiry, sign-out, and the same state in every tab. Framework-free; `useSession` in the
 * React and Vue packages subscribes to it.
 *
 * @example
 * ```ts
 * import { createSession, createWebStorageTokenStore } from '@passage-otp/core'
 *
 * const session = createSession({ appId: 'demo', store: createWebStorageTokenStore(localStorage) })
 * await session.ready
 * const { status, authToken } = session.getSnapshot()
 * if (status === 'signedIn') await fetch('/api/me', { headers: { Authorization: `Bearer ${authToken}` } })
 * ```
 */
export function createSession(options: SessionOptions): Session {
  const client = 'client' in options ? options.client : createPassageOtpClient(options)
  const { appId } = client
  const store = options.store ?? createMemoryTokenStore()
  const now = options.now ?? Date.now
  const warn = options.onWarning ?? defaultWarningHandler
  const refreshBeforeExpiryMs = Math.max(
    0,
    options.refreshBeforeExpiryMs ?? DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
  )
  const locks = options.locks === false ? null : (options.locks ?? defaultLocks())
  const ownsChannel = options.channel === undefined
  const channel =
    options.channel === false ? null : (options.channel ?? openChannel(`passage-otp:${appId}`))
  const lockName = `passage-otp:refresh:${appId}`

  const listeners = new Set<() => void>()
  let snapshot: SessionSnapshot = Object.freeze({
    status: 'loading',
    user: null,
    authToken: null,
    expiresAt: null,
    error: null,
  })
  let current: Current | null = null
  // Bumped by every sign-in, sign-out and adopted token: async work started before is dropped.
  let epoch = 0
  let refreshing: { epoch: number; promise: Promise<void> } | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let failures = 0
  let dueStreak = 0
  let destroyed = false

  function publish(next: Partial<SessionSnapshot>) {
    const merged = { ...snapshot, ...next }
    const same = (Object.keys(merged) as (keyof SessionSnapshot)[]).every(
      (key) => merged[key] === snapshot[key],
    )
    if (same || destroyed) return
    snapshot = Object.freeze(merged)
    for (const listener of [...listeners]) listener()
  }

  function toCurrent(result: AuthResult): Current | null {
    const claims = decodeJwtClaims(result.authToken)
    if (!claims) return null
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : null
    const lifetime =
      expiresAt !== null && typeof claims.iat === 'number' ? expiresAt - claims.iat * 1000 : null
    const lead =
      lifetime !== null && lifetime > 0
        ? Math.min(refreshBeforeExpiryMs, lifetime / 2)
        : refreshBeforeExpiryMs
    return { result, claims: Object.freeze({ ...claims }), expiresAt, lead }
  }

  const isFresh = (entry: Current) =>
    entry.expiresAt === null || entry.expiresAt - entry.lead > now()

  function enter(entry: Current) {
    epoch += 1
    current = entry
    failures = 0
    publish({
      status: 'signedIn',
      user: entry.claims,
      authToken: entry.result.authToken,
      expiresAt: entry.expiresAt,
      error: null,
    })
    schedule()
  }

  function leave(error: OtpAuthError | null) {
    epoch += 1
    current = null
    failures = 0
    dueStreak = 0
    clearTimer()
    publish({ status: 'signedOut', user: null, authToken: null, expiresAt: null, error })
  }

  function clearTimer() {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }

  function setTimer(delay: number, action: () => void) {
    clearTimer()
    if (destroyed) return
    const wait = Math.max(0, delay)
    timer = wait > MAX_TIMER_MS ? setTimeout(schedule, MAX_TIMER_MS) : setTimeout(action, wait)
    // Node: a pending refresh must not keep the process alive.
    if (typeof timer === 'object' && typeof timer?.unref === 'function') timer.unref()
  }

  function schedule() {
    if (!current || current.expiresAt === null) return clearTimer()
    if (!current.result.refreshToken) {
      // Nothing to refresh with: the session ends with its auth token.
      const entry = current
      return setTimer(current.expiresAt - now(), () => {
        if (current === entry) void endSession(null)
      })
    }
    const delay = current.expiresAt - current.lead - now()
    if (delay > 0 || dueStreak === 0) return setTimer(delay, () => void refresh())
    // A token that is due the moment it arrives (a wrong device clock, a tiny lifetime) must not
    // start a refresh loop: back off instead.
    setTimer(backoff(dueStreak), () => void refresh())
  }

  async function readStore(): Promise<AuthResult | null> {
    try {
      return toAuthResult(await store.get())
    } catch (error) {
      warn('Could not read the token store; treating the session as signed out.', error)
      return null
    }
  }

  async function writeStore(result: AuthResult) {
    try {
      await store.set(result)
    } catch (error) {
      warn('Could not write to the token store.', error)
    }
  }

  async function clearStore() {
    try {
      await store.clear()
    } catch (error) {
      warn('Could not clear the token store.', error)
    }
  }

  function broadcast(type: SessionMessage['type']) {
    if (!channel || destroyed) return
    try {
      channel.postMessage({ type })
    } catch (error) {
      warn('Could not tell the other tabs.', error)
    }
  }

  function revoke(refreshTokens: (string | undefined)[]) {
    const unique = [...new Set(refreshTokens.filter((token): token is string => !!token))]
    // Best effort: offline, the tokens simply expire on the server.
    return Promise.all(unique.map((token) => client.signOut(token).catch(() => undefined)))
  }

  async function endSession(error: OtpAuthError | null) {
    leave(error)
    await clearStore()
    broadcast('signed-out')
  }

  function load(): Promise<void> {
    const start = epoch
    const adopt = (value: AuthResult | null) => {
      if (epoch !== start || destroyed) return
      const result = toAuthResult(value)
      const entry = result && toCurrent(result)
      if (result && !entry) {
        warn('The stored auth token is not a JWT; treating the session as signed out.')
      }
      if (!entry || (!entry.result.refreshToken && isExpired(entry))) {
        leave(null)
        if (result) void clearStore()
        return
      }
      enter(entry)
    }
    try {
      const value = store.get()
      if (!isPromiseLike(value)) return Promise.resolve(adopt(value))
      return Promise.resolve(value).then(adopt, (error: unknown) => {
        warn('Could not read the token store; treating the session as signed out.', error)
        adopt(null)
      })
    } catch (error) {
      warn('Could not read the token store; treating the session as signed out.', error)
      return Promise.resolve(adopt(null))
    }
  }

  const isExpired = (entry: Current) => entry.expiresAt !== null && entry.expiresAt <= now()

  async function signIn(authResult: AuthResult) {
    if (destroyed) return
    const previous = current?.result.refreshToken
    const result = toAuthResult(authResult)
    const entry = result && toCurrent(result)
    if (!result || !entry) {
      warn('signIn() got an auth token that is not a JWT; staying signed out.')
      leave(createOtpAuthError('bad_response', {}, { cause: 'The auth token is not a JWT.' }))
      return
    }
    dueStreak = 0
    enter(entry)
    const start = epoch
    await writeStore(result)
    if (epoch !== start) return
    broadcast('signed-in')
    if (previous !== result.refreshToken) await revoke([previous])
  }

  function refresh(): Promise<void> {
    if (destroyed) return Promise.resolve()
    if (refreshing?.epoch !== epoch) {
      const promise: Promise<void> = ready
        .then(runRefresh)
        .catch((error: unknown) => warn('The refresh failed unexpectedly.', error))
        .then(() => {
          if (refreshing?.promise === promise) refreshing = null
        })
      refreshing = { epoch, promise }
    }
    return refreshing.promise
  }

  async function runRefresh() {
    const start = epoch
    if (!current || destroyed) return
    clearTimer()
    publish({ status: 'refreshing' })
    const work = () => refreshInLock(start)
    try {
      await (locks ? locks.request(lockName, work) : work())
    } catch (error) {
      if (epoch === start && current) failed(toOtpAuthError(error))
    }
  }

  async function refreshInLock(start: number) {
    if (epoch !== start || !current) return
    // Another tab may have refreshed while this one waited for the lock, or signed out.
    const stored = await readStore()
    if (epoch !== start || !current) return
    if (!stored) return leave(null)
    if (stored.authToken !== current.result.authToken) {
      const theirs = toCurrent(stored)
      if (theirs && isFresh(theirs)) return enter(theirs)
    }
    const refreshToken = stored.refreshToken ?? current.result.refreshToken
    if (!refreshToken) {
      publish({ status: 'signedIn' })
      return schedule()
    }
    let result: AuthResult
    try {
      result = await client.refreshSession(refreshToken)
    } catch (reason) {
      if (epoch !== start) return
      return refreshFailed(toOtpAuthError(reason), refreshToken, start)
    }
    const entry = epoch === start && !destroyed ? toCurrent(result) : null
    if (!entry) {
      if (epoch === start && !destroyed) {
        failed(createOtpAuthError('bad_response', {}, { cause: 'The auth token is not a JWT.' }))
      }
      // Signed out (or in as someone else) meanwhile: this new refresh token belongs to nobody.
      await revoke([result.refreshToken])
      return
    }
    await writeStore(result)
    if (epoch !== start) {
      if ((await readStore())?.authToken === result.authToken) await clearStore()
      await revoke([result.refreshToken])
      return
    }
    dueStreak =
      entry.expiresAt !== null && entry.expiresAt - entry.lead <= now() ? dueStreak + 1 : 0
    if (dueStreak === 1) {
      warn('The refreshed auth token is already due for refresh; is the device clock right?')
    }
    enter(entry)
    broadcast('refreshed')
  }

  async function refreshFailed(error: OtpAuthError, refreshToken: string, start: number) {
    if (!isInvalidRefreshToken(error)) return failed(error)
    // Without locks two tabs can race: the loser's token was just rotated by the winner.
    const latest = await readStore()
    if (epoch !== start) return
    const theirs = latest && latest.refreshToken !== refreshToken ? toCurrent(latest) : null
    if (theirs) return enter(theirs)
    await endSession(error)
  }

  function failed(error: OtpAuthError) {
    failures += 1
    publish({ status: 'signedIn', error })
    setTimer(Math.max(backoff(failures), error.retryAfterMs ?? 0), () => void refresh())
  }

  async function signOut() {
    if (destroyed) return
    const mine = current?.result.refreshToken
    leave(null)
    const start = epoch
    const stored = await readStore()
    if (epoch === start) {
      await clearStore()
      broadcast('signed-out')
    }
    await revoke([mine, stored?.refreshToken])
  }

  async function syncFromStore() {
    const start = epoch
    const stored = await readStore()
    // Nothing there: this tab's store is its own (memory), keep what we have.
    if (epoch !== start || destroyed || !stored) return
    if (stored.authToken === current?.result.authToken) return
    const entry = toCurrent(stored)
    if (!entry) return warn('Another tab stored an auth token that is not a JWT; ignoring it.')
    enter(entry)
  }

  async function signedOutElsewhere() {
    const mine = current
    if (!mine) return
    leave(null)
    const start = epoch
    // A shared store is already empty; a store of this tab alone still holds its tokens.
    const stored = await readStore()
    if (epoch === start && stored?.authToken === mine.result.authToken) await clearStore()
  }

  const onMessage: MessageListener = (event) => {
    if (destroyed) return
    const type = messageType(event?.data)
    if (type === 'signed-out') void signedOutElsewhere()
    else if (type) void syncFromStore()
  }
  channel?.addEventListener('message', onMessage)

  const ready = load()

  return {
    appId,
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    ready,
    signIn,
    refresh,
    signOut,
    destroy() {
      if (destroyed) return
      destroyed = true
      epoch += 1
      clearTimer()
      listeners.clear()
      channel?.removeEventListener('message', onMessage)
      if (ownsChannel) channel?.close?.()
    },
  }
}

/**
 * Whether a refresh failed because the server no longer accepts the refresh token.
 *
 * @example
 * ```ts
 * import { createSession, isInvalidRefreshToken } from '@passage-otp/core'
 *
 * const session = createSession({ appId: 'demo' })
 * await session.refresh()
 * const { error } = session.getSnapshot()
 * if (isInvalidRefreshToken(error)) console.log('Signed out: sign in again')
 * ```
 */
export function isInvalidRefreshToken(error: unknown): boolean {
  return isOtpAuthError(error) && error.status === 401 && error.code === 'invalid_refresh_token'
}

/** Anything with the flow actor's `on('authenticated', …)`: the actor or its `actorRef`. */
export interface AuthenticatedEventSource {
  on(
    type: 'authenticated',
    handler: (event: { type: 'authenticated'; authResult: AuthResult }) => void,
  ): { unsubscribe(): void }
}

/**
 * Signs the session in whenever the flow authenticates. Connect before the code is submitted;
 * returns the function that disconnects.
 *
 * @example
 * ```ts
 * import { connectSession, createOtpAuthActor, createSession } from '@passage-otp/core'
 *
 * const session = createSession({ appId: 'demo' })
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const disconnect = connectSession(actor, session)
 * ```
 */
export function connectSession(
  actor: AuthenticatedEventSource,
  session: Pick<Session, 'signIn'>,
): () => void {
  const subscription = actor.on('authenticated', (event) => {
    void session.signIn(event.authResult)
  })
  return () => subscription.unsubscribe()
}

/**
 * The claims of a JWT, or `null` when it is not one. Decodes only: it does **not** verify the
 * signature, which is the backend's job (with the JWKS).
 *
 * @example
 * ```ts
 * import { decodeJwtClaims } from '@passage-otp/core'
 *
 * declare const authToken: string
 * const claims = decodeJwtClaims(authToken)
 * console.log(claims?.sub, claims?.exp)
 * ```
 */
export function decodeJwtClaims(token: string): JwtClaims | null {
  const parts = typeof token === 'string' ? token.split('.') : []
  if (parts.length !== 3) return null
  const json = decodeBase64Url(parts[1] ?? '')
  if (json === null) return null
  let claims: unknown
  try {
    claims = JSON.parse(json)
  } catch {
    return null
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return null
  const { exp, iat } = claims as Record<string, unknown>
  if (exp !== undefined && (typeof exp !== 'number' || !Number.isFinite(exp))) return null
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) return null
  return claims as JwtClaims
}

const base64UrlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

// No atob/Buffer/TextDecoder: the same code runs in browsers, Node, workers and React Native.
function decodeBase64Url(input: string): string | null {
  const text = input.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
  if (text === '' || !/^[\w-]*$/.test(text) || text.length % 4 === 1) return null
  let bits = 0
  let value = 0
  let escaped = ''
  for (const char of text) {
    value = (value << 6) | base64UrlAlphabet.indexOf(char)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      escaped += `%${((value >> bits) & 0xff).toString(16).padStart(2, '0')}`
      value &= (1 << bits) - 1
    }
  }
  try {
    return decodeURIComponent(escaped)
  } catch {
    return null
  }
}

function backoff(attempt: number) {
  return Math.min(1000 * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS)
}

function messageType(data: unknown): SessionMessage['type'] | null {
  const type = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : null
  return type === 'signed-in' || type === 'refreshed' || type === 'signed-out' ? type : null
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function'
}

function defaultLocks(): LockManagerLike | null {
  const nav = typeof navigator === 'undefined' ? undefined : navigator
  const locks = (nav as { locks?: LockManagerLike } | undefined)?.locks
  return typeof locks?.request === 'function' ? locks : null
}

function openChannel(name: string): BroadcastChannelLike | null {
  if (typeof BroadcastChannel !== 'function') return null
  try {
    const channel = new BroadcastChannel(name) as unknown as BroadcastChannelLike & {
      unref?: () => void
    }
    // Node: an open channel must not keep the process alive.
    channel.unref?.()
    return channel
  } catch {
    return null
  }
}

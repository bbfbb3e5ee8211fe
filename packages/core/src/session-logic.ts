import { fromCallback, fromPromise } from 'xstate'
import { isRecord } from './checks'
import type { AuthResult, PassageOtpClient } from './client'
import { createOtpAuthError } from './errors'
import {
  isInvalidRefreshToken,
  isRefreshDue,
  type RefreshOutcome,
  type SessionChannelEvent,
  type SessionMessage,
  sessionMachine,
  toCurrentSession,
} from './session-machine'
import { isPromiseLike, settle } from './storage'
import { type TokenStore, toAuthResult } from './token-store'
import type { WarningHandler } from './warn'

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

/** What the session machine's actors work with. */
export interface SessionDependencies {
  client: PassageOtpClient
  store: TokenStore
  warn: WarningHandler
  /** Keeps refreshes one at a time across tabs; `null` for none. */
  locks: LockManagerLike | null
  channel: BroadcastChannelLike | null
  /** Close the channel when the session stops (it was opened for it). */
  ownsChannel: boolean
  refreshBeforeExpiryMs: number
  now: () => number
}

/** The store's operations, never throwing: failures are warned about. */
function storeOperations(store: TokenStore, warn: WarningHandler) {
  const read = () =>
    settle(
      () => store.get(),
      (value) => toAuthResult(value),
      (error) => {
        warn('Could not read the token store; treating the session as signed out.', error)
        return null
      },
    )
  const write = (result: AuthResult) =>
    settle(
      () => store.set(result),
      () => {},
      (error) => warn('Could not write to the token store.', error),
    )
  /** Clears the store (with `authToken`: only while it holds that token); answers what it removed. */
  const clear = (authToken: string | null) =>
    settle(
      read,
      (stored) => {
        if (authToken !== null && stored?.authToken !== authToken) return null
        return settle(
          () => store.clear(),
          () => stored,
          (error) => {
            warn('Could not clear the token store.', error)
            return stored
          },
        )
      },
      () => null,
    )
  return { read, write, clear }
}

type StoreOperations = ReturnType<typeof storeOperations>

/** Revokes refresh tokens at the server, best effort: offline, they simply expire there. */
function revoker(client: PassageOtpClient) {
  return (results: (AuthResult | null | undefined)[]) => {
    const tokens = new Set(results.map((result) => result?.refreshToken).filter((token) => !!token))
    return Promise.all([...tokens].map((token) => client.signOut(token as string).catch(() => {})))
  }
}

/** The refresh: under the cross-tab lock, read the store, ask the server, write the store. */
function refreshActor(deps: SessionDependencies, store: StoreOperations) {
  const { client, locks } = deps
  const revoke = revoker(client)
  const toSession = (result: AuthResult) => toCurrentSession(result, deps.refreshBeforeExpiryMs)
  const lockName = `passage-otp:refresh:${client.appId}`

  /** A refused refresh token is no failure when another tab has just rotated it (no locks). */
  async function rotatedElsewhere(error: unknown, refreshToken: string): Promise<RefreshOutcome> {
    if (!isInvalidRefreshToken(error)) throw error
    const latest = await store.read()
    if (latest && latest.refreshToken !== refreshToken && toSession(latest)) {
      return { source: 'store', result: latest }
    }
    throw error
  }

  async function refreshInLock(mine: AuthResult, signal: AbortSignal): Promise<RefreshOutcome> {
    // Another tab may have refreshed while this one waited for the lock, or signed out.
    const stored = signal.aborted ? null : await store.read()
    if (!stored) return { source: 'none' }
    const theirs = stored.authToken === mine.authToken ? null : toSession(stored)
    if (theirs && !isRefreshDue(theirs, deps.now())) return { source: 'store', result: stored }
    const refreshToken = (stored.refreshToken ?? mine.refreshToken) as string
    let result: AuthResult
    try {
      result = await client.refreshSession(refreshToken)
    } catch (error) {
      return rotatedElsewhere(error, refreshToken)
    }
    if (signal.aborted || !toSession(result)) {
      // Signed out (or in as someone else) meanwhile, or unusable: these tokens belong to nobody.
      await revoke([result])
      if (signal.aborted) return { source: 'none' }
      throw createOtpAuthError('bad_response', {}, { cause: 'The auth token is not a JWT.' })
    }
    await store.write(result)
    if (signal.aborted) {
      await store.clear(result.authToken)
      await revoke([result])
    }
    return { source: 'server', result }
  }

  return fromPromise<RefreshOutcome, { result: AuthResult }>(async ({ input, signal }) => {
    if (!locks) return refreshInLock(input.result, signal)
    let outcome: RefreshOutcome = { source: 'none' }
    await locks.request(lockName, async () => {
      outcome = await refreshInLock(input.result, signal)
    })
    return outcome
  })
}

/** The cross-tab channel: posts what the machine tells it, tells the machine what others post. */
function channelActor({ channel, ownsChannel, warn }: SessionDependencies) {
  return fromCallback<SessionChannelEvent>(({ sendBack, receive }) => {
    if (!channel) return
    const listener: MessageListener = (event) => {
      const type = messageType(event?.data)
      if (type === 'signed-out') sendBack({ type: 'session.signedOutElsewhere' })
      else if (type) sendBack({ type: 'session.storeChanged' })
    }
    channel.addEventListener('message', listener)
    receive((event) => {
      try {
        channel.postMessage(event.message)
      } catch (error) {
        warn('Could not tell the other tabs.', error)
      }
    })
    return () => {
      channel.removeEventListener('message', listener)
      if (ownsChannel) channel.close?.()
    }
  })
}

/**
 * The session machine with its actors bound to a client, a store, the cross-tab lock and
 * channel. A synchronous store is read here at once, so the session starts in its real state:
 * pass `initialStored` as the machine's `stored` input.
 */
export function createSessionLogic(deps: SessionDependencies) {
  const store = storeOperations(deps.store, deps.warn)
  const revoke = revoker(deps.client)
  const first = store.read()
  // An asynchronous store's first answer is what `loading` waits for.
  let firstRead = isPromiseLike(first) ? first : undefined
  const logic = sessionMachine.provide({
    actors: {
      readStore: fromPromise(async () => {
        const read = firstRead ?? store.read()
        firstRead = undefined
        return read
      }),
      writeStore: fromPromise<void, { authResult: AuthResult }>(async ({ input }) =>
        store.write(input.authResult),
      ),
      clearStore: fromPromise<AuthResult | null, { authToken: string | null }>(async ({ input }) =>
        store.clear(input.authToken),
      ),
      refreshTokens: refreshActor(deps, store),
      revokeTokens: fromPromise<void, { results: AuthResult[] }>(async ({ input }) => {
        await revoke(input.results)
      }),
      channel: channelActor(deps),
    },
  })
  return { logic, initialStored: isPromiseLike(first) ? undefined : first }
}

function messageType(data: unknown): SessionMessage['type'] | null {
  const type = isRecord(data) ? data.type : null
  return type === 'signed-in' || type === 'refreshed' || type === 'signed-out' ? type : null
}

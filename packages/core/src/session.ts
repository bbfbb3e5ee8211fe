import { type ActorOptions, createActor, waitFor } from 'xstate'
import {
  type AuthResult,
  createPassageOtpClient,
  type PassageOtpClient,
  type PassageOtpClientOptions,
} from './client'
import type { OtpAuthError } from './errors'
import type { JwtClaims } from './jwt'
import { type RedactOptions, redactInspector } from './redact'
import {
  type BroadcastChannelLike,
  createSessionLogic,
  type LockManagerLike,
  type SessionDependencies,
} from './session-logic'
import {
  DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
  type SessionMachine,
  type SessionMachineSnapshot,
} from './session-machine'
import { createMemoryTokenStore, type TokenStore } from './token-store'
import { defaultWarningHandler, type WarningHandler } from './warn'

export { decodeJwtClaims, type JwtClaims } from './jwt'
export type { BroadcastChannelLike, LockManagerLike } from './session-logic'
export {
  DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
  isInvalidRefreshToken,
  type SessionMessage,
} from './session-machine'

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
  /** An inspector such as `createBrowserInspector().inspect` from `@statelyai/inspect`. */
  inspect?: ActorOptions<SessionMachine>['inspect']
  /** What the inspector may see. Tokens are always masked; `{ identifiers: true }` masks more. */
  redact?: RedactOptions
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

const isSettling = (snapshot: SessionMachineSnapshot) => snapshot.hasTag('settling')
const isRefreshing = (snapshot: SessionMachineSnapshot) =>
  snapshot.matches({ signedIn: { token: 'refreshing' } })

/**
 * The public view of a `sessionMachine` snapshot: what `session.getSnapshot()` returns.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate'
 * import { sessionMachine, toSessionSnapshot } from '@passage-otp/core'
 *
 * const actor = createActor(sessionMachine, { input: { stored: null } }).start()
 * console.log(toSessionSnapshot(actor.getSnapshot()).status) // 'signedOut'
 * ```
 */
export function toSessionSnapshot(snapshot: SessionMachineSnapshot): SessionSnapshot {
  const { current, error } = snapshot.context
  const status: SessionStatus =
    snapshot.matches('loading') || snapshot.matches('restoring')
      ? 'loading'
      : isRefreshing(snapshot)
        ? 'refreshing'
        : current
          ? 'signedIn'
          : 'signedOut'
  return {
    status,
    user: current?.claims ?? null,
    authToken: current?.result.authToken ?? null,
    expiresAt: current?.expiresAt ?? null,
    error,
  }
}

const isSameSnapshot = (a: SessionSnapshot, b: SessionSnapshot) =>
  (Object.keys(a) as (keyof SessionSnapshot)[]).every((key) => a[key] === b[key])

/**
 * Keeps the signed-in state after a flow ends: tokens in a store, the decoded user, refreshes
 * before expiry, sign-out, and the same state in every tab. Framework-free; `useSession` in the
 * React and Vue packages subscribes to it. A thin shell over `sessionMachine`.
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
  const deps = toDependencies(options)
  const { logic, initialStored } = createSessionLogic(deps)
  const actor = createActor(logic, {
    input: {
      refreshBeforeExpiryMs: deps.refreshBeforeExpiryMs,
      now: deps.now,
      stored: initialStored,
    },
    clock: unrefClock,
    ...(options.inspect ? { inspect: redactInspector(options.inspect, options.redact) } : {}),
  })
  actor.on('warning', (event) => deps.warn(event.message))
  actor.start()

  const listeners = new Set<() => void>()
  let snapshot = Object.freeze(toSessionSnapshot(actor.getSnapshot()))
  actor.subscribe((next) => {
    const view = toSessionSnapshot(next)
    if (isSameSnapshot(view, snapshot)) return
    snapshot = Object.freeze(view)
    for (const listener of [...listeners]) listener()
  })

  const stopped = () => actor.getSnapshot().status !== 'active'
  /** Resolves when the machine reaches a snapshot that passes (or stops). */
  const until = (passes: (snapshot: SessionMachineSnapshot) => boolean) =>
    waitFor(actor, passes).then(
      () => {},
      () => {},
    )
  /** Sends a command and resolves once the machine has settled on its outcome. */
  const command = (
    event: Parameters<typeof actor.send>[0],
    done = (s: SessionMachineSnapshot) => !isSettling(s),
  ) => {
    if (stopped()) return Promise.resolve()
    actor.send(event)
    return until(done)
  }
  let refreshing: Promise<void> | null = null

  return {
    appId: deps.client.appId,
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    ready: until((s) => !s.matches('loading')),
    signIn: (authResult) => command({ type: 'session.signIn', authResult }),
    refresh() {
      // A refresh asked for while the store is being written waits for the write.
      refreshing ??= until((s) => !isSettling(s))
        .then(() => command({ type: 'session.refresh' }, (s) => !isSettling(s) && !isRefreshing(s)))
        .finally(() => {
          refreshing = null
        })
      return refreshing
    },
    signOut: () => command({ type: 'session.signOut' }),
    destroy() {
      listeners.clear()
      actor.stop()
    },
  }
}

function toDependencies(options: SessionOptions): SessionDependencies {
  const client = 'client' in options ? options.client : createPassageOtpClient(options)
  const channel =
    options.channel === false
      ? null
      : (options.channel ?? openChannel(`passage-otp:${client.appId}`))
  return {
    client,
    store: options.store ?? createMemoryTokenStore(),
    warn: options.onWarning ?? defaultWarningHandler,
    locks: options.locks === false ? null : (options.locks ?? defaultLocks()),
    channel,
    ownsChannel: options.channel === undefined,
    refreshBeforeExpiryMs: Math.max(
      0,
      options.refreshBeforeExpiryMs ?? DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
    ),
    now: options.now ?? Date.now,
  }
}

// Node: a pending refresh must not keep the process alive.
const unrefClock = {
  setTimeout(callback: (...args: unknown[]) => void, ms: number) {
    const timer = setTimeout(callback, ms)
    if (typeof timer === 'object' && typeof timer?.unref === 'function') timer.unref()
    return timer
  },
  clearTimeout: (timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>),
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

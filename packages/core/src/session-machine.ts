import {
  assign,
  emit,
  enqueueActions,
  fromCallback,
  fromPromise,
  type SnapshotFrom,
  sendTo,
  setup,
  spawnChild,
} from 'xstate'
import type { AuthResult } from './client'
import { createOtpAuthError, isOtpAuthError, type OtpAuthError, toOtpAuthError } from './errors'
import { decodeJwtClaims, type JwtClaims } from './jwt'
import { MAX_TIMER_MS, msUntil } from './timers'
import { toAuthResult } from './token-store'

/** A session in force: its tokens and what is read from them. */
export interface CurrentSession {
  result: AuthResult
  claims: Readonly<JwtClaims>
  /** When the auth token expires, in milliseconds since 1970 (`exp` × 1000). */
  expiresAt: number | null
  /** How long before `expiresAt` to refresh. */
  lead: number
}

export interface SessionMachineInput {
  /** Refresh this long before the auth token expires (at most half its lifetime). Default 60 s. */
  refreshBeforeExpiryMs?: number
  /** Clock in milliseconds; default `Date.now`. */
  now?: () => number
  /** What a synchronous store held at start; left out while an asynchronous store answers. */
  stored?: AuthResult | null
}

export interface SessionContext {
  refreshBeforeExpiryMs: number
  now: () => number
  /** What the store held when read at start, until it is taken or discarded. */
  stored: AuthResult | null | undefined
  /** The session in force; `null` while signed out (and while signing out). */
  current: CurrentSession | null
  /** The tokens `signingIn` is writing. */
  incoming: AuthResult | null
  /** The tokens of the session that is ending, until the store no longer holds them. */
  leaving: AuthResult | null
  /** Whose refresh tokens to revoke once signing out has cleared the store. */
  revocable: AuthResult[]
  error: OtpAuthError | null
  /** Failed refreshes in a row. */
  failures: number
  /** Refreshes in a row whose new auth token was already due for refresh. */
  dueStreak: number
}

/** What sessions post to each other; tokens never travel this way, only through the store. */
export type SessionMessage = { type: 'signed-in' | 'refreshed' | 'signed-out' }

export type SessionEvent =
  | { type: 'session.signIn'; authResult: AuthResult }
  | { type: 'session.refresh' }
  | { type: 'session.signOut' }
  /** Another tab signed in or refreshed: the store may hold newer tokens. */
  | { type: 'session.storeChanged' }
  | { type: 'session.signedOutElsewhere' }

/** What the channel actor is told to post. */
export type SessionChannelEvent = { type: 'post'; message: SessionMessage }

/**
 * How a refresh ended: new tokens from the server (already written to the store), fresher tokens
 * another tab had stored, or an empty store (another tab signed out meanwhile).
 */
export type RefreshOutcome = { source: 'server' | 'store'; result: AuthResult } | { source: 'none' }

export type SessionEmitted = { type: 'warning'; message: string }

export const DEFAULT_REFRESH_BEFORE_EXPIRY_MS = 60_000
const MAX_RETRY_DELAY_MS = 60_000

/** 1 s, 2 s, 4 s … up to 60 s. */
const backoff = (attempt: number) =>
  Math.min(1000 * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_MS)

/** The session of these tokens, or `null` when the auth token is not a JWT. */
export function toCurrentSession(
  result: AuthResult,
  refreshBeforeExpiryMs: number,
): CurrentSession | null {
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

/** When the refresh token expires, in milliseconds (`refreshTokenExpiration` is Unix seconds). */
const refreshTokenExpiresAt = (session: CurrentSession) =>
  session.result.refreshTokenExpiration === undefined
    ? null
    : session.result.refreshTokenExpiration * 1000

const hasPassed = (time: number | null, now: number) => time !== null && time <= now

/** Over: the refresh token expired, or there is none and the auth token expired. */
const isSessionOver = (session: CurrentSession, now: number) =>
  hasPassed(refreshTokenExpiresAt(session), now) ||
  (!session.result.refreshToken && hasPassed(session.expiresAt, now))

/** Due: the auth token is within its lead of expiring (or expired). */
export const isRefreshDue = (session: CurrentSession, now: number) =>
  hasPassed(session.expiresAt === null ? null : session.expiresAt - session.lead, now)

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

const notProvided = (name: string) => () => {
  throw new Error(`sessionMachine: provide the \`${name}\` actor (createSession does).`)
}

// A wait longer than a timer can hold (no deadline: forever) is re-armed when it fires.
const waitUntil = (context: SessionContext, deadline: number | null) =>
  deadline === null ? MAX_TIMER_MS : msUntil(deadline, context.now())
const waitFor = (context: SessionContext, ms: number) => waitUntil(context, context.now() + ms)

const toSession = (context: SessionContext, result: AuthResult | null | undefined) =>
  result ? toCurrentSession(result, context.refreshBeforeExpiryMs) : null

/** From a waiting state: another tab signed in or refreshed, so read the store. */
const syncWithOtherTabs = {
  target: '#session.syncing',
  description: 'Another tab signed in or refreshed: read its tokens from the store.',
} as const

// Built in a function called once, marked pure: bundles that never create a session drop it.
const createSessionMachine = () =>
  setup({
    types: {
      context: {} as SessionContext,
      events: {} as SessionEvent,
      input: {} as SessionMachineInput | undefined,
      emitted: {} as SessionEmitted,
    },
    actors: {
      /** Reads the store; unreadable values read as `null` (with a warning). */
      readStore: fromPromise<AuthResult | null>(notProvided('readStore')),
      /** Writes tokens to the store; failures are warned about, never thrown. */
      writeStore: fromPromise<void, { authResult: AuthResult }>(notProvided('writeStore')),
      /**
       * Clears the store, or with `authToken`, only while the store still holds that token.
       * Answers with the tokens it removed.
       */
      clearStore: fromPromise<AuthResult | null, { authToken: string | null }>(
        notProvided('clearStore'),
      ),
      /** Refreshes under the cross-tab lock: reads the store, asks the server, writes the store. */
      refreshTokens: fromPromise<RefreshOutcome, { result: AuthResult }>(
        notProvided('refreshTokens'),
      ),
      /** Revokes refresh tokens at the server, best effort: never fails. */
      revokeTokens: fromPromise<void, { results: AuthResult[] }>(notProvided('revokeTokens')),
      /** The cross-tab channel: posts what it is told, and tells what other tabs posted. */
      channel: fromCallback<SessionChannelEvent>(() => {}),
    },
    delays: {
      refreshDue: ({ context }) => {
        const session = context.current
        const dueAt = session?.expiresAt == null ? null : session.expiresAt - session.lead
        // A token due the moment it arrives (a wrong device clock, a tiny lifetime) must not
        // start a refresh loop: back off instead.
        if (dueAt !== null && dueAt <= context.now() && context.dueStreak > 0) {
          return waitFor(context, backoff(context.dueStreak))
        }
        return waitUntil(context, dueAt)
      },
      retryDelay: ({ context }) =>
        waitFor(context, Math.max(backoff(context.failures), context.error?.retryAfterMs ?? 0)),
      authTokenExpiry: ({ context }) => waitUntil(context, context.current?.expiresAt ?? null),
      refreshTokenExpiry: ({ context }) =>
        waitUntil(context, context.current ? refreshTokenExpiresAt(context.current) : null),
    },
    guards: {
      wasStoreRead: ({ context }) => context.stored !== undefined,
      isNothingStored: ({ context }) => context.stored === null,
      isStoredNotJwt: ({ context }) => toSession(context, context.stored) === null,
      isStoredSessionOver: ({ context }) => {
        const session = toSession(context, context.stored)
        return session === null || isSessionOver(session, context.now())
      },
      isNotJwt: ({ context, event }) =>
        event.type === 'session.signIn' &&
        toSession(context, toAuthResult(event.authResult)) === null,
      hasNoRefreshToken: ({ context }) => !context.current?.result.refreshToken,
      isRefreshDue: ({ context }) =>
        context.current !== null && isRefreshDue(context.current, context.now()),
      isAuthTokenExpired: ({ context }) =>
        hasPassed(context.current?.expiresAt ?? null, context.now()),
      isRefreshTokenExpired: ({ context }) =>
        context.current !== null &&
        hasPassed(refreshTokenExpiresAt(context.current), context.now()),
      isSignedIn: ({ context }) => context.current !== null,
      holdsAnotherSession: ({ context }, params: { stored: AuthResult | null }) => {
        const session = toSession(context, params.stored)
        return (
          session !== null &&
          session.result.authToken !== context.current?.result.authToken &&
          !isSessionOver(session, context.now())
        )
      },
      wasStoreEmptied: (_, params: { outcome: RefreshOutcome }) => params.outcome.source === 'none',
      isFromServer: (_, params: { outcome: RefreshOutcome }) => params.outcome.source === 'server',
      isRefreshTokenRefused: (_, params: { error: unknown }) => isInvalidRefreshToken(params.error),
      removedTokens: (_, params: { removed: AuthResult | null }) => params.removed !== null,
    },
    actions: {
      keepStored: assign((_, params: { stored: AuthResult | null }) => ({ stored: params.stored })),
      warnStoredNotJwt: emit({
        type: 'warning' as const,
        message: 'The stored auth token is not a JWT; treating the session as signed out.',
      }),
      takeStored: assign(({ context }) => ({
        current: toSession(context, context.stored),
        stored: null,
      })),
      takeFromStore: assign(({ context }, params: { stored: AuthResult | null }) => ({
        current: toSession(context, params.stored),
        error: null,
        failures: 0,
      })),
      rejectSignIn: enqueueActions(({ enqueue }) => {
        enqueue.assign({
          error: createOtpAuthError('bad_response', {}, { cause: 'The auth token is not a JWT.' }),
        })
        enqueue.emit({
          type: 'warning',
          message: 'signIn() got an auth token that is not a JWT; staying signed out.',
        })
      }),
      takeIncoming: assign(({ event }) => ({
        incoming: event.type === 'session.signIn' ? toAuthResult(event.authResult) : null,
      })),
      revokeReplaced: spawnChild('revokeTokens', {
        input: ({ context }) => ({
          results:
            context.current?.result.refreshToken !== context.incoming?.refreshToken
              ? [context.current?.result].filter((result) => result !== undefined)
              : [],
        }),
      }),
      enterIncoming: assign(({ context }) => ({
        current: toSession(context, context.incoming),
        incoming: null,
        error: null,
        failures: 0,
        dueStreak: 0,
      })),
      takeRefreshed: assign(({ context }, params: { outcome: RefreshOutcome }) => {
        const session =
          params.outcome.source === 'none' ? null : toSession(context, params.outcome.result)
        const due =
          params.outcome.source === 'server' && session && isRefreshDue(session, context.now())
        return {
          current: session ?? context.current,
          error: null,
          failures: 0,
          dueStreak: due ? context.dueStreak + 1 : 0,
        }
      }),
      warnIfDueOnArrival: enqueueActions(({ context, enqueue }) => {
        if (context.dueStreak !== 1) return
        enqueue.emit({
          type: 'warning',
          message:
            'The refreshed auth token is already due for refresh; is the device clock right?',
        })
      }),
      recordFailure: assign(({ context }, params: { error: unknown }) => ({
        error: toOtpAuthError(params.error),
        failures: context.failures + 1,
      })),
      keepError: assign((_, params: { error: unknown }) => ({
        error: toOtpAuthError(params.error),
      })),
      leave: assign(({ context }) => ({
        leaving: context.current?.result ?? context.stored ?? null,
        current: null,
        stored: null,
      })),
      startSignOut: assign(({ context }) => ({
        error: null,
        revocable: context.leaving ? [context.leaving] : [],
      })),
      collectRevocable: assign(({ context }, params: { removed: AuthResult | null }) => ({
        revocable: params.removed ? [...context.revocable, params.removed] : context.revocable,
      })),
      forgetSession: assign({
        current: null,
        stored: null,
        incoming: null,
        leaving: null,
        revocable: [],
        failures: 0,
        dueStreak: 0,
      }),
      announceSignedIn: sendTo('channel', { type: 'post', message: { type: 'signed-in' } }),
      announceRefreshed: sendTo('channel', { type: 'post', message: { type: 'refreshed' } }),
      announceSignedOut: sendTo('channel', { type: 'post', message: { type: 'signed-out' } }),
    },
  }).createMachine({
    id: 'session',
    description:
      'Keeps a person signed in after the flow: tokens in a store, refreshed before they expire, ' +
      'the same in every tab. No state is entered before the store holds what it shows.',
    context: ({ input }) => ({
      refreshBeforeExpiryMs: Math.max(
        0,
        input?.refreshBeforeExpiryMs ?? DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
      ),
      now: input?.now ?? Date.now,
      stored: input?.stored,
      current: null,
      incoming: null,
      leaving: null,
      revocable: [],
      error: null,
      failures: 0,
      dueStreak: 0,
    }),
    invoke: { id: 'channel', src: 'channel' },
    initial: 'loading',
    on: {
      'session.signIn': [
        {
          guard: 'isNotJwt',
          actions: 'rejectSignIn',
          description: 'Not a JWT: refused with `bad_response` and a warning; nothing changes.',
        },
        {
          target: '.signingIn',
          actions: 'takeIncoming',
          description: 'From any state: keep the tokens of a finished flow.',
        },
      ],
      'session.signOut': {
        target: '.signingOut',
        description: 'From any state: sign out here, in the store, in every tab, at the server.',
      },
    },
    states: {
      loading: {
        description: 'Reads the stored session; a synchronous store has answered already.',
        tags: 'settling',
        always: {
          guard: 'wasStoreRead',
          target: 'restoring',
          description: 'The store answered synchronously.',
        },
        invoke: {
          id: 'readStore',
          src: 'readStore',
          onDone: {
            target: 'restoring',
            actions: { type: 'keepStored', params: ({ event }) => ({ stored: event.output }) },
            description: 'The store answered.',
          },
          onError: { target: 'signedOut', description: 'An unreadable store reads as signed out.' },
        },
      },
      restoring: {
        description: 'Decides what the stored session is worth.',
        tags: 'settling',
        always: [
          { guard: 'isNothingStored', target: 'signedOut', description: 'Nothing stored.' },
          {
            guard: 'isStoredNotJwt',
            target: 'ending',
            actions: 'warnStoredNotJwt',
            description: 'The stored auth token is not a JWT: warn and remove it.',
          },
          {
            guard: 'isStoredSessionOver',
            target: 'ending',
            description:
              'The refresh token expired, or there is none and the auth token expired: remove it.',
          },
          { target: 'signedIn', actions: 'takeStored', description: 'A usable session: take it.' },
        ],
      },
      signedOut: {
        description: 'Nobody is signed in here.',
        entry: 'forgetSession',
        on: { 'session.storeChanged': syncWithOtherTabs },
      },
      syncing: {
        description: 'Another tab signed in or refreshed: reads the tokens it stored.',
        tags: 'settling',
        invoke: {
          id: 'readStore',
          src: 'readStore',
          onDone: [
            {
              guard: {
                type: 'holdsAnotherSession',
                params: ({ event }) => ({ stored: event.output }),
              },
              target: 'signedIn',
              actions: { type: 'takeFromStore', params: ({ event }) => ({ stored: event.output }) },
              description: 'The store holds another usable session: take it.',
            },
            {
              guard: 'isSignedIn',
              target: 'signedIn',
              description: 'Nothing new (a store of this tab alone): stay signed in.',
            },
            { target: 'signedOut', description: 'Nothing new: stay signed out.' },
          ],
        },
        on: {
          'session.signedOutElsewhere': {
            guard: 'isSignedIn',
            target: 'ending',
            description: 'Another tab signed out: end here too.',
          },
        },
      },
      signingIn: {
        description: 'Writes the new tokens to the store; signed in only once they are written.',
        tags: 'settling',
        invoke: {
          id: 'writeStore',
          src: 'writeStore',
          input: ({ context }) => ({ authResult: context.incoming as AuthResult }),
          onDone: {
            target: 'signedIn',
            actions: ['revokeReplaced', 'enterIncoming', 'announceSignedIn'],
            description:
              'Written: signed in, the other tabs told, a replaced refresh token revoked.',
          },
        },
      },
      signedIn: {
        description:
          'Signed in: the auth token is refreshed before it expires, and the session ends when ' +
          'its refresh token expires.',
        type: 'parallel',
        on: {
          'session.signedOutElsewhere': {
            target: 'ending',
            description: 'Another tab signed out: end here too.',
          },
        },
        states: {
          token: {
            description: 'Keeps the auth token fresh.',
            initial: 'fresh',
            states: {
              fresh: {
                description: 'Waits until the auth token is due for refresh.',
                always: {
                  guard: 'hasNoRefreshToken',
                  target: 'expiring',
                  description: 'No refresh token: the session lasts as long as the auth token.',
                },
                after: {
                  refreshDue: [
                    {
                      guard: 'isRefreshDue',
                      target: 'refreshing',
                      description: 'Due (or backing off from tokens due on arrival): refresh.',
                    },
                    {
                      target: 'fresh',
                      reenter: true,
                      description: 'Woken early by a wait too long for a timer: wait again.',
                    },
                  ],
                },
                on: {
                  'session.refresh': { target: 'refreshing', description: 'Refresh now.' },
                  'session.storeChanged': syncWithOtherTabs,
                },
              },
              refreshing: {
                description:
                  'POST /apps/{app_id}/tokens under the cross-tab lock, unless another tab ' +
                  'stored fresher tokens meanwhile.',
                invoke: {
                  id: 'refreshTokens',
                  src: 'refreshTokens',
                  input: ({ context }) => ({ result: (context.current as CurrentSession).result }),
                  onDone: [
                    {
                      guard: {
                        type: 'wasStoreEmptied',
                        params: ({ event }) => ({ outcome: event.output }),
                      },
                      target: '#session.ending',
                      description: 'Another tab signed out meanwhile: the store is empty.',
                    },
                    {
                      guard: {
                        type: 'isFromServer',
                        params: ({ event }) => ({ outcome: event.output }),
                      },
                      target: 'fresh',
                      actions: [
                        {
                          type: 'takeRefreshed',
                          params: ({ event }) => ({ outcome: event.output }),
                        },
                        'warnIfDueOnArrival',
                        'announceRefreshed',
                      ],
                      description: 'New tokens, already stored: the other tabs are told.',
                    },
                    {
                      target: 'fresh',
                      actions: {
                        type: 'takeRefreshed',
                        params: ({ event }) => ({ outcome: event.output }),
                      },
                      description: 'Another tab had refreshed: its tokens are taken.',
                    },
                  ],
                  onError: [
                    {
                      guard: {
                        type: 'isRefreshTokenRefused',
                        params: ({ event }) => ({ error: event.error }),
                      },
                      target: '#session.ending',
                      actions: {
                        type: 'keepError',
                        params: ({ event }) => ({ error: event.error }),
                      },
                      description: 'The server refused the refresh token (401): the session ends.',
                    },
                    {
                      target: 'retrying',
                      actions: {
                        type: 'recordFailure',
                        params: ({ event }) => ({ error: event.error }),
                      },
                      description: 'Network or server trouble: still signed in, retry later.',
                    },
                  ],
                },
              },
              retrying: {
                description: 'A refresh failed: waits with backoff (or Retry-After), then retries.',
                after: { retryDelay: { target: 'refreshing', description: 'Try again.' } },
                on: {
                  'session.refresh': { target: 'refreshing', description: 'Retry now.' },
                  'session.storeChanged': syncWithOtherTabs,
                },
              },
              expiring: {
                description: 'No refresh token: waits for the auth token to expire.',
                after: {
                  authTokenExpiry: [
                    {
                      guard: 'isAuthTokenExpired',
                      target: '#session.ending',
                      description: 'The auth token expired: the session ends.',
                    },
                    {
                      target: 'expiring',
                      reenter: true,
                      description: 'Woken early by a wait too long for a timer: wait again.',
                    },
                  ],
                },
                on: { 'session.storeChanged': syncWithOtherTabs },
              },
            },
          },
          lifetime: {
            description: 'Ends the session when its refresh token expires, online or not.',
            initial: 'counting',
            states: {
              counting: {
                description: 'Waits for the refresh token to expire (`refreshTokenExpiration`).',
                after: {
                  refreshTokenExpiry: [
                    {
                      guard: 'isRefreshTokenExpired',
                      target: '#session.ending',
                      description: 'The refresh token expired: the session ends.',
                    },
                    {
                      target: 'counting',
                      reenter: true,
                      description:
                        'Not yet (a long wait, or a refresh moved the expiry): wait again.',
                    },
                  ],
                },
              },
            },
          },
        },
      },
      ending: {
        description:
          'The session is over here: forgets it, and removes its tokens from the store if the ' +
          'store still holds them.',
        tags: 'settling',
        entry: 'leave',
        invoke: {
          id: 'clearStore',
          src: 'clearStore',
          input: ({ context }) => ({ authToken: context.leaving?.authToken ?? null }),
          onDone: [
            {
              guard: { type: 'removedTokens', params: ({ event }) => ({ removed: event.output }) },
              target: 'signedOut',
              actions: 'announceSignedOut',
              description: 'Removed from the store: the other tabs are told.',
            },
            { target: 'signedOut', description: 'The store held other tokens, or none.' },
          ],
        },
      },
      signingOut: {
        description:
          'Signs out as asked: forgets the tokens at once, clears the store, tells the other ' +
          'tabs, then revokes the refresh tokens at the server.',
        tags: 'settling',
        entry: ['leave', 'startSignOut'],
        initial: 'clearing',
        states: {
          clearing: {
            description: 'Clears the store.',
            invoke: {
              id: 'clearStore',
              src: 'clearStore',
              input: { authToken: null },
              onDone: {
                target: 'revoking',
                actions: [
                  {
                    type: 'collectRevocable',
                    params: ({ event }) => ({ removed: event.output }),
                  },
                  'announceSignedOut',
                ],
                description: 'Cleared: the other tabs are told.',
              },
            },
          },
          revoking: {
            description: 'DELETE /apps/{app_id}/tokens, best effort: offline, the tokens expire.',
            invoke: {
              id: 'revokeTokens',
              src: 'revokeTokens',
              input: ({ context }) => ({ results: context.revocable }),
              onDone: { target: '#session.signedOut', description: 'Signed out everywhere.' },
            },
          },
        },
      },
    },
  })

export const sessionMachine = /* @__PURE__ */ createSessionMachine()

export type SessionMachine = typeof sessionMachine
export type SessionMachineSnapshot = SnapshotFrom<SessionMachine>

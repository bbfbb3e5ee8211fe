/**
 * The session's part of the testing kit (re-exported by `@passage-otp/core/testing`): paths
 * through `sessionMachine` generated from its graph, each step with the `status` to expect.
 */
import type { AnyStateMachine } from 'xstate'
import { getStateNodes } from 'xstate/graph'
import type { AuthResult } from './client'
import { createOtpAuthError } from './errors'
import { getTransitionPaths } from './graph-paths'
import { type SessionStatus, toSessionSnapshot } from './session'
import {
  type RefreshOutcome,
  type SessionEvent,
  type SessionMachineInput,
  type SessionMachineSnapshot,
  sessionMachine,
} from './session-machine'

type SessionActorName = 'readStore' | 'writeStore' | 'clearStore' | 'refreshTokens' | 'revokeTokens'

/** An event of a generated path: a command, a message from another tab, an actor's outcome, a timer. */
export type SessionTestEvent =
  | SessionEvent
  | { type: 'xstate.done.actor.readStore'; output: AuthResult | null }
  | { type: 'xstate.done.actor.clearStore'; output: AuthResult | null }
  | { type: 'xstate.done.actor.refreshTokens'; output: RefreshOutcome }
  | { type: `xstate.done.actor.${'writeStore' | 'revokeTokens'}`; output?: undefined }
  | { type: `xstate.error.actor.${SessionActorName}`; error: unknown }
  | { type: `xstate.after.${string}` }

export interface SessionTestStep {
  event: SessionTestEvent
  /** The machine's state value after the event. */
  value: SessionMachineSnapshot['value']
  /** What `session.getSnapshot().status` shows after it. */
  status: SessionStatus
}

export interface SessionTestPath {
  description: string
  steps: SessionTestStep[]
}

/** An unsigned JWT (alg `none`), valid for an hour from `now`: enough for a session to decode. */
export function unsignedTestToken(claims: Record<string, unknown>, now = Date.now()) {
  const iat = Math.floor(now / 1000)
  const encode = (value: object) =>
    btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, iat, exp: iat + 3600 })}.`
}

/** The sessions the paths use, all issued at `now`. */
function testSessions(now: number) {
  const session = (jti: string, extra: Partial<AuthResult> = {}): AuthResult => ({
    authToken: unsignedTestToken({ sub: 'test-user', jti }, now),
    redirectUrl: '/',
    refreshToken: `refresh-${jti}`,
    refreshTokenExpiration: Math.floor(now / 1000) + 30 * 24 * 3600,
    ...extra,
  })
  return {
    signedIn: session('signed-in'),
    refreshed: session('refreshed'),
    otherTab: session('other-tab'),
    refreshTokenExpired: session('expired', {
      refreshTokenExpiration: Math.floor(now / 1000) - 60,
    }),
    notJwt: { authToken: 'not-a-jwt', redirectUrl: '/', refreshToken: 'refresh-not-a-jwt' },
    withoutRefreshToken: {
      authToken: unsignedTestToken({ sub: 'test-user', jti: 'without-refresh-token' }, now),
      redirectUrl: '/',
    },
  }
}

/**
 * Every event the paths may take, for sessions issued at `now`.
 *
 * @example
 * ```ts
 * import { getSessionTestEvents } from '@passage-otp/core/testing'
 *
 * const commands = getSessionTestEvents().filter((event) => event.type.startsWith('session.'))
 * ```
 */
export function getSessionTestEvents(
  now = Date.now(),
  machine: AnyStateMachine = sessionMachine,
): SessionTestEvent[] {
  const sessions = testSessions(now)
  const timers = getStateNodes(machine.root).flatMap((node) => node.after)
  return [
    { type: 'session.signIn', authResult: sessions.signedIn },
    { type: 'session.signIn', authResult: sessions.notJwt },
    { type: 'session.refresh' },
    { type: 'session.signOut' },
    { type: 'session.storeChanged' },
    { type: 'session.signedOutElsewhere' },
    ...[
      sessions.signedIn,
      null,
      sessions.refreshTokenExpired,
      sessions.notJwt,
      sessions.withoutRefreshToken,
    ].map((output) => ({ type: 'xstate.done.actor.readStore', output }) as const),
    { type: 'xstate.done.actor.readStore', output: sessions.otherTab },
    { type: 'xstate.error.actor.readStore', error: new Error('storage blocked') },
    { type: 'xstate.done.actor.writeStore' },
    { type: 'xstate.done.actor.clearStore', output: sessions.signedIn },
    { type: 'xstate.done.actor.clearStore', output: null },
    ...(
      [
        { source: 'server', result: sessions.refreshed },
        { source: 'store', result: sessions.otherTab },
        { source: 'none' },
      ] as RefreshOutcome[]
    ).map((output) => ({ type: 'xstate.done.actor.refreshTokens', output }) as const),
    { type: 'xstate.error.actor.refreshTokens', error: createOtpAuthError('network') },
    {
      type: 'xstate.error.actor.refreshTokens',
      error: createOtpAuthError('server', { status: 401, code: 'invalid_refresh_token' }),
    },
    { type: 'xstate.done.actor.revokeTokens' },
    ...timers.map((timer) => ({ type: timer.eventType as `xstate.after.${string}` })),
  ]
}

// What decides where an event leads: the state, whose tokens are held, and whether a refresh
// failed or brought a token due on arrival (the delays read them). Keying on the whole context
// would never terminate: failures grow.
function serializeState(snapshot: SessionMachineSnapshot) {
  const { stored, current, leaving, incoming, failures, dueStreak, revocable } = snapshot.context
  return JSON.stringify([
    snapshot.value,
    stored === undefined ? 'unread' : (stored?.authToken ?? null),
    current?.result.authToken ?? null,
    leaving !== null,
    incoming?.authToken ?? null,
    failures > 0,
    dueStreak > 0,
    revocable.length,
  ])
}

type GraphStep = { event: SessionTestEvent; state: SessionMachineSnapshot }

/**
 * For every reachable state and every event it accepts, the shortest path there plus that event,
 * from an app start whose store has not answered yet, on a clock stopped at `now`.
 *
 * @example
 * ```ts
 * import { getSessionTestPaths } from '@passage-otp/core/testing'
 *
 * for (const path of getSessionTestPaths()) {
 *   console.log(path.description, '→', path.steps.at(-1)?.status)
 * }
 * ```
 */
export function getSessionTestPaths(now = Date.now()): SessionTestPath[] {
  const input: SessionMachineInput = { now: () => now }
  const events = getSessionTestEvents(now) as SessionEvent[]
  return getTransitionPaths(sessionMachine, { input, events, serializeState }).map((steps) =>
    toTestPath(steps as GraphStep[]),
  )
}

function toTestPath(graphSteps: GraphStep[]): SessionTestPath {
  const steps = graphSteps
    .filter(({ event }) => (event.type as string) !== 'xstate.init')
    .map(({ event, state }) => ({
      event,
      value: state.value,
      status: toSessionSnapshot(state).status,
    }))
  const description = steps.map((step) => describeEvent(step.event)).join(' → ')
  return { description: description || 'initial', steps }
}

function describeEvent(event: SessionTestEvent): string {
  if (event.type.startsWith('xstate.after.')) return `${event.type.split('.')[2]} elapses`
  if ('error' in event) {
    const { error } = event as { error: { kind?: string; code?: string } }
    return `${event.type.slice('xstate.error.actor.'.length)} fails (${error.code ?? error.kind ?? 'error'})`
  }
  if (event.type.startsWith('xstate.done.actor.')) {
    const name = event.type.slice('xstate.done.actor.'.length)
    const output = (event as { output?: RefreshOutcome | AuthResult | null }).output
    if (output && 'source' in output) return `${name} → ${output.source}`
    return output === undefined ? `${name} done` : `${name} → ${describeTokens(output)}`
  }
  if (event.type === 'session.signIn' && 'authResult' in event) {
    return `signIn(${describeTokens(event.authResult)})`
  }
  return event.type
}

const describeTokens = (result: AuthResult | null) =>
  result === null ? 'nothing' : (result.refreshToken?.replace('refresh-', '') ?? 'tokens')

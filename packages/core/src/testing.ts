/**
 * Test helpers for UIs built on `@passage-otp/core`: every path through the flow, generated from
 * the machine's graph, a client whose requests you settle by hand, and a coverage recorder.
 * Replay the same paths against your own screen to test it on every branch of the flow.
 */
import type { AnyStateMachine, InspectionEvent, Snapshot } from 'xstate'
import { getSimplePaths, getStateNodes } from 'xstate/graph'
import type {
  ActivateOtpInput,
  AuthResult,
  OtpSent,
  PassageOtpClient,
  RequestOptions,
  RequestOtpInput,
} from './client'
import { createOtpAuthError, type OtpAuthErrorKind } from './errors'
import { getTransitionPaths } from './graph-paths'
import { otpAuthMachine } from './machine'
import { type OtpAuthSnapshot, type OtpAuthStep, selectStep } from './selectors'
import { createSession, type Session, type SessionOptions } from './session'
import { unsignedTestToken } from './session-testing'
import type { OtpAuthEvent, OtpAuthInput, SavedOtpFlow, SmsCodeRead } from './types'
import { malformedEventField } from './validation'

export {
  getSessionTestEvents,
  getSessionTestPaths,
  type SessionTestEvent,
  type SessionTestPath,
  type SessionTestStep,
} from './session-testing'

export type OtpRequestName = 'requestLoginOtp' | 'requestRegisterOtp' | 'activateOtp'

/** An event of a generated path: a user event, a request's outcome, or a timer firing. */
export type OtpAuthTestEvent =
  | OtpAuthEvent
  | { type: `xstate.done.actor.${OtpRequestName}`; output: OtpSent | AuthResult }
  | { type: 'xstate.done.actor.readSmsCode'; output: SmsCodeRead }
  | { type: `xstate.error.actor.${OtpRequestName | 'readSmsCode'}`; error: unknown }
  | { type: `xstate.after.${string}` }

export interface OtpAuthTestStep {
  event: OtpAuthTestEvent
  /** The machine's state value after the event. */
  value: OtpAuthSnapshot['value']
  step: OtpAuthStep
  /** Requests started since the flow began, this step included. */
  requests: number
}

export interface OtpAuthTestPath {
  description: string
  steps: OtpAuthTestStep[]
}

/** The input the paths were generated with; start the actor under test with it too. */
export const otpAuthTestInput: OtpAuthInput = { maxAttempts: 2 }

export const testAuthResult: AuthResult = {
  authToken: 'header.payload.signature',
  redirectUrl: '/dashboard',
  refreshToken: 'refresh-token',
}

const requestFailures: Record<OtpRequestName, OtpAuthErrorKind[]> = {
  requestLoginOtp: ['user_not_found', 'rate_limited', 'network'],
  requestRegisterOtp: ['user_exists', 'server'],
  activateOtp: ['invalid_or_expired_code', 'too_many_attempts', 'rate_limited', 'timeout'],
}

function failure(kind: OtpAuthErrorKind) {
  return createOtpAuthError(
    kind,
    kind === 'rate_limited' ? { status: 429, retryAfterMs: 5000 } : {},
  )
}

/**
 * Every event the paths may take: user input, each request's outcomes, each timer.
 *
 * @example
 * ```ts
 * import { getOtpAuthTestEvents } from '@passage-otp/core/testing'
 *
 * const events = getOtpAuthTestEvents()
 * console.log(events.map((event) => event.type))
 * ```
 */
export function getOtpAuthTestEvents(machine: AnyStateMachine = otpAuthMachine) {
  const timers = getStateNodes(machine.root).flatMap((node) => node.after)
  const events: OtpAuthTestEvent[] = [
    { type: 'identifier.submit', identifier: 'ada@example.com', intent: 'login' },
    { type: 'identifier.submit', identifier: 'ada@example.com', intent: 'register' },
    { type: 'identifier.submit', identifier: 'ada@example.com', intent: 'auto' },
    { type: 'identifier.submit', identifier: 'not an email' },
    { type: 'identifier.change' },
    { type: 'code.submit', code: '123 456' },
    { type: 'code.submit', code: '12' },
    { type: 'code.resend' },
    { type: 'flow.cancel' },
    { type: 'flow.retry' },
    { type: 'flow.reset' },
    { type: 'xstate.done.actor.requestLoginOtp', output: { otpId: 'otp-login' } },
    { type: 'xstate.done.actor.requestRegisterOtp', output: { otpId: 'otp-register' } },
    { type: 'xstate.done.actor.activateOtp', output: testAuthResult },
    ...Object.entries(requestFailures).flatMap(([name, kinds]) =>
      kinds.map((kind) => ({
        type: `xstate.error.actor.${name as OtpRequestName}` as const,
        error: failure(kind),
      })),
    ),
    ...timers.map((timer) => ({ type: timer.eventType as `xstate.after.${string}` })),
    { type: 'xstate.done.actor.readSmsCode', output: { code: '246810' } },
    { type: 'xstate.error.actor.readSmsCode', error: new Error('SMS autofill dismissed') },
    ...savedFlows().map((saved) => ({ type: 'flow.restore' as const, saved })),
    ...malformedEvents,
  ]
  return events
}

// As a JavaScript caller could send them, past the types: each must change nothing.
const malformedEvents = [
  { type: 'identifier.submit', identifier: 'ada@example.com', intent: 'hack' },
  { type: 'code.submit', code: 123456 },
  { type: 'flow.restore', saved: { version: 1, step: 'awaitingCode', otpId: 42 } },
] as unknown as OtpAuthEvent[]

/** Flows as saved before a reload: the code step, a locked code, and the signed-in step. */
function savedFlows(now = Date.now()): SavedOtpFlow[] {
  const base = {
    version: 1,
    identifier: 'ada@example.com',
    intent: 'auto',
    endpoint: 'login',
  } as const
  const code = {
    ...base,
    step: 'awaitingCode',
    otpId: 'otp-saved',
    // Far ahead, so no real timer fires while a test replays: paths send timer events.
    codeExpiresAt: now + 7_200_000,
    resendAvailableAt: now + 3_600_000,
    attempts: 1,
  } as const
  return [
    { ...code, locked: false },
    { ...code, locked: true },
    { ...base, step: 'authenticated' },
  ]
}

// What decides where an event leads: the state, where the code form was (only read on the way
// back from `activating` or a resend in `requesting`), and the few context fields guards read.
// Keying on the whole context would never terminate.
function serializeState(snapshot: OtpAuthSnapshot) {
  const { intent, endpoint, failedStep, attempts, retryAvailableAt, settings } = snapshot.context
  const history =
    snapshot.matches('activating') || snapshot.matches('requesting')
      ? Object.values(snapshot.historyValue ?? {})
          .flat()
          .map((node) => node.id)
      : []
  return JSON.stringify([
    snapshot.value,
    history,
    intent,
    endpoint,
    failedStep,
    Math.min(attempts, settings.maxAttempts),
    retryAvailableAt !== null,
  ])
}

export interface OtpAuthPathOptions {
  /**
   * `transitions` (default): for every reachable state and every event it accepts, the
   * shortest path there plus that event, over every event, so every transition is taken.
   * `simple`: every path without a repeated state from the form to `authenticated` in
   * "sign up or in", with wrong codes, resends, cancels and an unknown user on the way.
   */
  kind?: 'transitions' | 'simple'
}

// The events of a "sign up or in" session with the usual mistakes, for the simple paths.
function isEverydayEvent(event: OtpAuthTestEvent) {
  if (malformedEventField(event as OtpAuthEvent) !== null) return false
  if (event.type === 'identifier.submit') return 'intent' in event && event.intent === 'auto'
  if (isAutofillEvent(event)) return false
  if ('error' in event) {
    return ['user_not_found', 'invalid_or_expired_code'].includes(errorKind(event.error))
  }
  if (event.type.startsWith('xstate.after.')) return event.type.includes('resendCooldown')
  return !['identifier.change', 'flow.retry', 'flow.reset', 'flow.restore'].includes(event.type)
}

type GraphStep = { event: OtpAuthTestEvent; state: OtpAuthSnapshot }

/**
 * Paths through the flow generated from the machine's graph, with what to expect after each step.
 *
 * @example
 * ```ts
 * import { getOtpAuthTestPaths } from '@passage-otp/core/testing'
 *
 * for (const path of getOtpAuthTestPaths({ kind: 'simple' })) {
 *   console.log(path.description, path.steps.length)
 * }
 * ```
 */
export function getOtpAuthTestPaths(options: OtpAuthPathOptions = {}): OtpAuthTestPath[] {
  const events = getOtpAuthTestEvents() as OtpAuthEvent[]
  const serialize = (snapshot: unknown) => serializeState(snapshot as OtpAuthSnapshot)
  if (options.kind === 'simple') {
    const paths = getSimplePaths(otpAuthMachine, {
      input: otpAuthTestInput,
      events: events.filter(isEverydayEvent),
      serializeState: serialize,
      toState: (snapshot) => snapshot.matches('authenticated'),
    })
    return paths.map((path) => toTestPath(path.steps as GraphStep[]))
  }
  return getTransitionPaths(otpAuthMachine, {
    input: otpAuthTestInput,
    events,
    serializeState: serialize,
  }).map((steps) => toTestPath(steps as GraphStep[]))
}

// The state node whose invoke is running, if any. Graph paths reuse snapshots across paths, so
// requests are counted from the states a path enters, not from the snapshots' child actors.
function requestInFlight(snapshot: OtpAuthSnapshot): string | null {
  if (snapshot.matches('activating')) return 'activating'
  const { value } = snapshot
  return typeof value === 'object' && 'requesting' in value
    ? `requesting.${value.requesting}`
    : null
}

function toTestPath(graphSteps: { event: OtpAuthTestEvent; state: OtpAuthSnapshot }[]) {
  let requests = 0
  let inFlight: string | null = null
  const steps: OtpAuthTestStep[] = []
  for (const { event, state } of graphSteps) {
    const next = requestInFlight(state)
    if (next !== null && next !== inFlight) requests += 1
    inFlight = next
    if ((event.type as string) === 'xstate.init') continue
    steps.push({ event, value: state.value, step: selectStep(state), requests })
  }
  const description = steps.map((step) => describeEvent(step.event)).join(' → ')
  return { description: description || 'initial', steps }
}

function describeEvent(event: OtpAuthTestEvent): string {
  if (malformedEventField(event as OtpAuthEvent) !== null) return `${event.type} (malformed)`
  if ('error' in event)
    return `${event.type.replace('xstate.error.actor.', '')} fails (${errorKind(event.error)})`
  if (event.type.startsWith('xstate.done.actor.')) return `${event.type.slice(18)} succeeds`
  if (event.type.startsWith('xstate.after.')) return `${event.type.split('.')[2]} elapses`
  if (event.type === 'identifier.submit' && 'identifier' in event) {
    return `identifier.submit(${event.identifier}${event.intent ? `, ${event.intent}` : ''})`
  }
  if (event.type === 'code.submit' && 'code' in event) return `code.submit(${event.code})`
  if (event.type === 'flow.restore' && 'saved' in event) {
    const { saved } = event
    return `flow.restore(${saved.step === 'awaitingCode' && saved.locked ? 'locked code' : saved.step})`
  }
  return event.type
}

const errorKind = (error: unknown) =>
  typeof error === 'object' && error !== null && 'kind' in error ? String(error.kind) : 'error'

interface PendingCall {
  name: OtpRequestName
  input: RequestOtpInput | ActivateOtpInput
  signal: AbortSignal | undefined
  resolve(value: OtpSent | AuthResult): void
  reject(error: unknown): void
}

/**
 * A `PassageOtpClient` whose three flow requests wait until the test settles them. The session
 * calls answer at once: `refreshSession` with a fresh unsigned test token (`sub: 'test-user'`,
 * valid for an hour) and refresh token, `signOut` with nothing.
 */
export interface ControllableClient {
  client: PassageOtpClient
  /** Every request started so far, in order. */
  readonly calls: readonly { name: OtpRequestName; input: unknown; signal?: AbortSignal }[]
  /** Requests started and neither settled nor aborted. */
  pending(): OtpRequestName[]
  resolve(name: OtpRequestName, output: OtpSent | AuthResult): void
  reject(name: OtpRequestName, error: unknown): void
}

/**
 * A `PassageOtpClient` whose flow requests wait until the test settles them (see `ControllableClient`).
 *
 * @example
 * ```ts
 * import { createOtpAuthActor } from '@passage-otp/core'
 * import { createControllableClient, flushRequests } from '@passage-otp/core/testing'
 *
 * const controllable = createControllableClient()
 * const actor = createOtpAuthActor({ client: controllable.client }).start()
 * actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
 * controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
 * await flushRequests()
 * ```
 */
export function createControllableClient(appId = 'test-app'): ControllableClient {
  const calls: PendingCall[] = []
  const open = new Set<PendingCall>()
  const call =
    <I extends RequestOtpInput | ActivateOtpInput, O>(name: OtpRequestName) =>
    (input: I, options?: RequestOptions) =>
      new Promise<O>((resolve, reject) => {
        const pending: PendingCall = {
          name,
          input,
          signal: options?.signal,
          resolve: resolve as PendingCall['resolve'],
          reject,
        }
        calls.push(pending)
        open.add(pending)
        options?.signal?.addEventListener('abort', () => {
          open.delete(pending)
          reject(options.signal?.reason)
        })
      })
  const take = (name: OtpRequestName) => {
    const pending = [...open].find((entry) => entry.name === name)
    if (!pending)
      throw new Error(
        `No ${name} request is waiting (open: ${[...open].map((p) => p.name).join(', ') || 'none'}).`,
      )
    open.delete(pending)
    return pending
  }
  let refreshes = 0
  return {
    client: {
      appId,
      baseURL: 'http://controllable.test/v1',
      requestLoginOtp: call<RequestOtpInput, OtpSent>('requestLoginOtp'),
      requestRegisterOtp: call<RequestOtpInput, OtpSent>('requestRegisterOtp'),
      activateOtp: call<ActivateOtpInput, AuthResult>('activateOtp'),
      // The session calls are not part of the flow: they answer at once and are not recorded in
      // `calls`. Spy on them (`vi.spyOn(controllable.client, 'signOut')`) to assert or change them.
      refreshSession: async () => {
        refreshes += 1
        return {
          authToken: unsignedTestToken({ sub: 'test-user', jti: `refresh-${refreshes}` }),
          redirectUrl: testAuthResult.redirectUrl,
          refreshToken: `refresh-token-${refreshes}`,
        }
      },
      signOut: async () => undefined,
    },
    get calls() {
      return calls.map(({ name, input, signal }) => ({ name, input, signal }))
    },
    pending: () => [...open].map((entry) => entry.name),
    resolve: (name, output) => take(name).resolve(output),
    reject: (name, error) => take(name).reject(error),
  }
}

/**
 * An auth result for `sub` whose token is an unsigned JWT (alg `none`) valid for an hour: enough
 * for `createSession`, which decodes claims and never verifies them.
 *
 * @example
 * ```ts
 * import { createMemoryTokenStore } from '@passage-otp/core'
 * import { createTestAuthResult } from '@passage-otp/core/testing'
 *
 * const store = createMemoryTokenStore(createTestAuthResult('user-1'))
 * ```
 */
export function createTestAuthResult(sub: string): AuthResult {
  return {
    authToken: unsignedTestToken({ sub }),
    redirectUrl: testAuthResult.redirectUrl,
    refreshToken: `refresh-${sub}`,
  }
}

/**
 * A session on a controllable client, alone: no cross-tab channel and no Web Locks unless the
 * options pass them. `destroy()` it after the test.
 *
 * @example
 * ```ts
 * import { createTestAuthResult, createTestSession } from '@passage-otp/core/testing'
 *
 * const session = createTestSession()
 * await session.signIn(createTestAuthResult('user-1'))
 * console.log(session.getSnapshot().status) // 'signedIn'
 * ```
 */
export function createTestSession(options: Partial<SessionOptions> = {}): Session {
  return createSession({
    client: createControllableClient().client,
    channel: false,
    locks: false,
    ...options,
  } as SessionOptions)
}

/**
 * Performs one step of a generated path: settles the request it names through the controllable
 * client, or sends the user event (or the timer's event) to the actor. Then let promises settle
 * (`await` a tick, or `act()` in React) before asserting.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor } from '@passage-otp/core'
 * import {
 *   createControllableClient,
 *   flushRequests,
 *   getOtpAuthTestPaths,
 *   otpAuthTestInput,
 *   performStep,
 * } from '@passage-otp/core/testing'
 *
 * for (const path of getOtpAuthTestPaths()) {
 *   const client = createControllableClient()
 *   const actor = createOtpAuthActor({ client: client.client, input: otpAuthTestInput }).start()
 *   for (const step of path.steps) {
 *     performStep(step, { client, send: actor.send })
 *     await flushRequests()
 *   }
 * }
 * ```
 */
export function performStep(
  step: OtpAuthTestStep,
  target: { client: ControllableClient; send(event: OtpAuthEvent): void },
): void {
  const { event } = step
  if (isAutofillEvent(event)) target.send(event as unknown as OtpAuthEvent)
  else if ('output' in event) target.client.resolve(requestName(event.type), event.output)
  else if ('error' in event) target.client.reject(requestName(event.type), event.error)
  else target.send(event as OtpAuthEvent)
}

// SMS autofill is not a request: its outcome goes to the actor as it is.
type AutofillEvent = Extract<OtpAuthTestEvent, { type: `${string}.readSmsCode` }>
const isAutofillEvent = (event: OtpAuthTestEvent): event is AutofillEvent =>
  event.type.endsWith('.readSmsCode')

const requestName = (type: string) => type.split('.').pop() as OtpRequestName

/**
 * Waits for settled requests to reach the actor.
 *
 * @example
 * ```ts
 * import { createControllableClient, flushRequests } from '@passage-otp/core/testing'
 *
 * const controllable = createControllableClient()
 * controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
 * await flushRequests() // the actor has the answer now
 * ```
 */
export const flushRequests = () =>
  new Promise<void>((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  )

interface CoverageFigure {
  covered: number
  total: number
  missing: string[]
}

export interface MachineCoverage {
  stateNodes: CoverageFigure
  transitions: CoverageFigure
}

/**
 * Records which state nodes and transitions an actor really went through. Pass `inspect` to the
 * actor (or several actors), then read `report()`.
 *
 * @example
 * ```ts
 * import { createOtpAuthLogic } from '@passage-otp/core'
 * import { createControllableClient, createCoverageRecorder } from '@passage-otp/core/testing'
 * import { createActor } from 'xstate'
 *
 * const coverage = createCoverageRecorder()
 * const logic = createOtpAuthLogic({ client: createControllableClient().client })
 * createActor(logic, { input: {}, inspect: coverage.inspect }).start()
 * console.log(coverage.report().transitions.missing)
 * ```
 */
export function createCoverageRecorder(machine: AnyStateMachine = otpAuthMachine) {
  const nodes = getStateNodes(machine.root).filter((node) => node.type !== 'history')
  const transitionIds = nodes.flatMap((node) => [
    ...[...node.transitions.values()].flatMap((list) => list.map(transitionId)),
    ...(node.always ?? []).map(transitionId),
  ])
  const seenNodes = new Set<string>([machine.root.id])
  const seenTransitions = new Set<string>()
  const figure = (all: string[], seen: Set<string>): CoverageFigure => ({
    covered: all.filter((id) => seen.has(id)).length,
    total: all.length,
    missing: all.filter((id) => !seen.has(id)),
  })
  return {
    inspect(event: InspectionEvent) {
      // Microsteps bring the transitions and the states passed through; snapshots the state an
      // actor starts in, which no transition entered.
      if (event.type === '@xstate.microstep') {
        for (const transition of event._transitions) seenTransitions.add(transitionId(transition))
      } else if (event.type !== '@xstate.snapshot') return
      const active = (event.snapshot as Snapshot<unknown> & { _nodes?: { id: string }[] })._nodes
      for (const node of active ?? []) seenNodes.add(node.id)
    },
    report(): MachineCoverage {
      return {
        stateNodes: figure(
          nodes.map((node) => node.id),
          seenNodes,
        ),
        transitions: figure(transitionIds, seenTransitions),
      }
    },
  }
}

interface TransitionLike {
  source: { id: string; transitions: Map<string, unknown[]>; always?: unknown[] }
  eventType: string
}

function transitionId(transition: TransitionLike): string {
  const { source, eventType } = transition
  const siblings = (eventType ? source.transitions.get(eventType) : source.always) ?? []
  return `${source.id} ${eventType || '(always)'} #${siblings.indexOf(transition)}`
}

const otpAuthSteps: readonly OtpAuthStep[] = [
  'idle',
  'requesting',
  'awaitingCode',
  'activating',
  'authenticated',
  'error',
]

export interface OtpAuthScreens<T> {
  /** What the screen shows in the step of a path step (or of a step name). */
  for(step: OtpAuthTestStep | OtpAuthStep): T
  /** The steps whose screen no call to `for()` has asked for yet. */
  unvisited(): OtpAuthStep[]
}

/**
 * What your screen shows in each step of the flow, stated by your UI test: a heading, a form's
 * fields, whatever your test checks. Every step needs an entry: a missing one (or a name that is
 * not a step) throws a `TypeError` naming it, so a step cannot go untested, and a step the flow
 * gains later fails your test until you say what the screen shows there. Use `for(step)` in the
 * replay to get the expectation, and `unvisited()` at the end to check the paths reached them all.
 *
 * @example
 * ```ts
 * import { defineOtpAuthScreens, getOtpAuthTestPaths } from '@passage-otp/core/testing'
 *
 * const headings = defineOtpAuthScreens({
 *   idle: 'Sign in',
 *   requesting: 'Sign in',
 *   awaitingCode: 'Enter your code',
 *   activating: 'Enter your code',
 *   authenticated: 'Signed in',
 *   error: 'Something went wrong',
 * })
 * for (const path of getOtpAuthTestPaths()) {
 *   for (const step of path.steps) console.log(headings.for(step))
 * }
 * console.log(headings.unvisited()) // []
 * ```
 */
export function defineOtpAuthScreens<T>(screens: Record<OtpAuthStep, T>): OtpAuthScreens<T> {
  const given = (step: string) =>
    Object.hasOwn(screens, step) && (screens as Record<string, unknown>)[step] !== undefined
  const missing = otpAuthSteps.filter((step) => !given(step))
  const unknown = Object.keys(screens).filter((key) => !otpAuthSteps.includes(key as OtpAuthStep))
  if (missing.length > 0 || unknown.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`no screen for ${missing.join(', ')}`] : []),
      ...(unknown.length > 0 ? [`not a step: ${unknown.join(', ')}`] : []),
    ]
    throw new TypeError(
      `defineOtpAuthScreens: ${problems.join('; ')}. State what the screen shows in every step: ` +
        `${otpAuthSteps.join(', ')}.`,
    )
  }
  const visited = new Set<OtpAuthStep>()
  return {
    for(step) {
      const name = typeof step === 'string' ? step : step.step
      visited.add(name)
      return screens[name]
    },
    unvisited: () => otpAuthSteps.filter((step) => !visited.has(step)),
  }
}

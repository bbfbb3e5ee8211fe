import { createDevServer, type DevServer } from '@passage-otp/dev-server'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthLogic } from '../src/actor'
import {
  type ActivateOtpInput,
  createPassageOtpClient,
  DEFAULT_TIMEOUT_MS,
  type PassageOtpClient,
  type RequestOtpInput,
} from '../src/client'
import { type OtpAuthSnapshot, selectOtpAuthView } from '../src/selectors'
import {
  createCoverageRecorder,
  flushRequests,
  getOtpAuthTestPaths,
  type OtpAuthTestEvent,
  type OtpAuthTestPath,
  type OtpRequestName,
  otpAuthTestInput,
} from '../src/testing'
import { createWebOtpReader } from '../src/web-otp'
import {
  createFlowSpec,
  type ExpectedView,
  promisedPart,
  reusedCodeAnswer,
  timer,
  timeToPass,
} from './support/flow-spec'
import { MUTATION_RUN } from './support/runs'
import {
  type Arrangement,
  answerOf,
  arrangementFor,
  serverFor,
} from './support/server-arrangements'

// The generated paths replayed against the real dev server, through the real client: the server
// is set up before each request so it gives the answer the path names (see
// ./support/server-arrangements.ts), and after every step the hand-written specification
// (./support/flow-spec.ts) says what the screen shows and what the server saw.

const drivable = (paths: OtpAuthTestPath[]) =>
  paths.flatMap((path) => {
    const server = serverFor(path.steps)
    return typeof server === 'string' ? [] : [{ path, maxAttempts: server.maxAttempts }]
  })
/**
 * The paths that take a step no earlier path took: a step is the state it leaves, the event (its
 * fields and the answer's kind), the state it reaches and the requests sent so far. The others
 * differ from an earlier path only in context the graph also keys on.
 */
function newSteps(entries: ReturnType<typeof drivable>) {
  const taken = new Set<string>()
  return entries.filter(({ path }) => {
    const steps = path.steps.map((step, index) => {
      const { error, output, ...fields } = step.event as { error?: unknown; output?: unknown }
      const before = path.steps[index - 1]?.value ?? 'idle'
      const answer = answerOf(step.event)?.kind
      return JSON.stringify([before, fields, answer, step.value, step.requests])
    })
    const fresh = steps.some((step) => !taken.has(step))
    for (const step of steps) taken.add(step)
    return fresh
  })
}
/** Under mutation, a tenth of them (as property runs do). */
const sample = <T>(entries: T[]) => entries.filter((_, index) => !MUTATION_RUN || index % 10 === 0)
const transitionPaths = sample(newSteps(drivable(getOtpAuthTestPaths({ kind: 'transitions' }))))
const simplePaths = sample(newSteps(drivable(getOtpAuthTestPaths({ kind: 'simple' }))))
const coverage = createCoverageRecorder()

// One server per attempt limit the paths need. The flow's own code lifetime and resend cooldown
// are the server's too, so a resend the flow offers is one the server accepts.
const rules = { codeTtlSeconds: 300, resendCooldownSeconds: 30 }
const servers = new Map<number, DevServer>()
beforeAll(async () => {
  const limits = new Set([...transitionPaths, ...simplePaths].map((entry) => entry.maxAttempts))
  for (const maxAttempts of limits) {
    const server = await createDevServer({
      logger: false,
      ipRateLimit: false,
      ...rules,
      maxAttempts,
      // Read at each request, so a path's fake clock is the server's clock too.
      now: () => Date.now(),
    })
    servers.set(maxAttempts, server)
  }
})
afterAll(async () => {
  await Promise.all([...servers.values()].map((server) => server.close()))
})

interface Call {
  name: OtpRequestName
  input: RequestOtpInput | ActivateOtpInput
  answer?: { kind: string | null; event: OtpAuthTestEvent }
  answered: Promise<void>
}

/** The real client, with a record of each call and its real answer (the calls go through). */
function recordingClient(client: PassageOtpClient) {
  const calls: Call[] = []
  const record =
    <I extends RequestOtpInput | ActivateOtpInput, O>(
      name: OtpRequestName,
      send: (input: I, options?: { signal?: AbortSignal }) => Promise<O>,
    ) =>
    (input: I, options?: { signal?: AbortSignal }) => {
      const promise = send(input, options)
      const call: Call = { name, input, answered: Promise.resolve() }
      call.answered = promise.then(
        (output) => {
          call.answer = {
            kind: null,
            event: { type: `xstate.done.actor.${name}`, output } as never,
          }
        },
        (error: { kind?: string }) => {
          const event = { type: `xstate.error.actor.${name}`, error } as OtpAuthTestEvent
          call.answer = { kind: error?.kind ?? String(error), event }
        },
      )
      calls.push(call)
      return promise
    }
  return {
    calls,
    client: {
      ...client,
      requestLoginOtp: record('requestLoginOtp', client.requestLoginOtp),
      requestRegisterOtp: record('requestRegisterOtp', client.requestRegisterOtp),
      activateOtp: record('activateOtp', client.activateOtp),
    },
  }
}

/** The view's flags the specification promises, as the screen reads them. */
const flags = ['attemptsRemaining', 'canResend', 'canRetry', 'isLocked', 'isCodeExpired'] as const

/** What the screen shows, in the specification's terms, with what the flow counted. */
function observe(
  snapshot: OtpAuthSnapshot,
  counted: Pick<ExpectedView, 'requests' | 'smsAutofillFailures'>,
): ExpectedView {
  const view = selectOtpAuthView(snapshot) as ReturnType<typeof selectOtpAuthView> & {
    resendError?: { kind: ExpectedView['error'] } | null
  }
  return {
    step: view.step,
    error: view.error?.kind ?? null,
    resendError: view.resendError?.kind ?? null,
    ...(Object.fromEntries(flags.map((flag) => [flag, view[flag]])) as Pick<
      ExpectedView,
      (typeof flags)[number]
    >),
    holdsCode: snapshot.context.code !== null,
    ...counted,
  }
}

let people = 0
/** Every identifier a path submits or restores is a new person, so no path meets another's cooldown. */
const newPerson = () => `person${++people}@example.com`

async function replay({ path, maxAttempts }: { path: OtpAuthTestPath; maxAttempts: number }) {
  const server = servers.get(maxAttempts) as DevServer
  // The waits (cooldown, code lifetime, Retry-After, the client's timeout) pass only when a step
  // says so.
  const waits = path.steps.some(({ event }) => {
    const kind = answerOf(event)?.kind
    return timer(event) !== null || kind === 'rate_limited' || kind === 'timeout'
  })
  if (waits) vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  const real = createPassageOtpClient({ appId: server.appId, baseURL: server.baseURL })
  const { client, calls } = recordingClient(real)
  const actor = createActor(createOtpAuthLogic({ client, webOtp: createWebOtpReader() }), {
    input: otpAuthTestInput,
    inspect: coverage.inspect,
  }).start()
  let smsAutofillFailures = 0
  actor.on('smsAutofillFailed', () => {
    smsAutofillFailures += 1
  })
  const spec = createFlowSpec({ maxAttempts: otpAuthTestInput.maxAttempts ?? 5 })
  // What the replay itself asked the server (restored codes, the single-use checks), not the flow.
  const own = { requests: 0, codes: 0 }
  const base = { requests: server.stats().requests, codes: server.outbox.messages().length }
  const requestsSeen = () => server.stats().requests - base.requests - own.requests
  /** Lets every request the flow sent land (a chained one included). */
  const allAnswered = async () => {
    while (calls.some((call) => call.answer === undefined)) {
      await Promise.all(calls.map((call) => call.answered))
    }
  }
  let answers = 0
  /** Once the held request has reached the server, the client's wait passes. */
  async function timedOut() {
    while (requestsSeen() < calls.length) await flushRequests()
    vi.advanceTimersByTime(DEFAULT_TIMEOUT_MS)
  }

  /** Sets the server up for the answers the path names next; the event as the flow gets it. */
  async function arrange(event: OtpAuthTestEvent, setup: Arrangement): Promise<OtpAuthTestEvent> {
    let sent = event
    const { context } = actor.getSnapshot()
    if (event.type === 'identifier.submit' && event.identifier === 'ada@example.com') {
      sent = { ...event, identifier: newPerson() }
    }
    if (event.type === 'flow.restore' && event.saved?.version === 1) {
      sent = { ...event, saved: await savedByServer(event.saved) }
    }
    const identifier = 'identifier' in sent ? sent.identifier : context.identifier
    if (setup.user === 'active') server.users.set(identifier, 'active')
    if (setup.user === 'absent' && server.users.get(identifier)) {
      server.users.set(identifier, 'pending')
    }
    if (setup.faults) server.setFaults(setup.faults)
    if (setup.code) {
      // As a person would: the newest code in their inbox, or another one.
      const code = server.outbox.latest(context.identifier)?.code ?? '000000'
      const typed = setup.code === 'right' ? code : code === '000000' ? '111111' : '000000'
      const spaced = `${typed.slice(0, 3)} ${typed.slice(3)}`
      sent = (
        'output' in sent ? { ...sent, output: { code: typed } } : { ...sent, code: spaced }
      ) as OtpAuthTestEvent
    }
    return sent
  }

  /** A saved code step backed by a code the server really sent, saved as the flow saves it. */
  async function savedByServer(
    saved: Extract<OtpAuthTestEvent, { type: 'flow.restore' }>['saved'],
  ) {
    const identifier = newPerson()
    if (saved.step !== 'awaitingCode') return { ...saved, identifier }
    server.users.set(identifier, 'active')
    const { otpId } = await real.requestLoginOtp({ identifier })
    own.requests += 1
    own.codes += 1
    const message = server.outbox.messages(identifier)[0]
    const sentAt = Date.parse(message?.createdAt ?? '')
    return {
      ...saved,
      identifier,
      otpId,
      codeExpiresAt: Date.parse(message?.expiresAt ?? ''),
      resendAvailableAt: sentAt + rules.resendCooldownSeconds * 1000,
    }
  }

  /** The code that signed the person in works once. */
  async function expectUsedUp(at: string, { otpId, code }: ActivateOtpInput) {
    const response = await fetch(`${server.baseURL}/apps/${server.appId}/otp/activate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ otp_id: otpId, otp: code }),
    })
    own.requests += 1
    const body = (await response.json()) as { code?: string }
    expect({ status: response.status, code: body.code }, `${at}: the code used again`).toEqual(
      reusedCodeAnswer,
    )
  }

  /** Each code the flow was told about is in the outbox once, for the identifier it went to. */
  function expectOutbox(at: string) {
    const delivered = server.outbox.messages().length - base.codes - own.codes
    expect(delivered, `${at}: codes in the outbox`).toBe(spec.codesSent())
    for (const call of calls) {
      const output = call.answer?.event as { output?: { otpId?: string } } | undefined
      const otpId = call.name === 'activateOtp' ? undefined : output?.output?.otpId
      if (otpId === undefined) continue
      const { identifier } = call.input as RequestOtpInput
      const copies = server.outbox.messages(identifier).filter((m) => m.otpId === otpId)
      expect(copies, `${at}: the outbox for ${identifier} holds ${otpId} once`).toHaveLength(1)
    }
  }

  try {
    for (const [index, step] of path.steps.entries()) {
      const at = `${path.description}: after step ${index + 1} (${step.event.type})`
      const named = answerOf(step.event)
      const call = named ? calls[answers++] : undefined
      let event = step.event
      if (named) {
        // An answer step: the server's real answer arrives, and it is the one the path names.
        if (named.kind === 'timeout') await timedOut()
        await call?.answered
        server.clearFaults()
        expect(
          { request: call?.name, kind: call?.answer?.kind },
          `${at}: the server's answer`,
        ).toEqual(named)
        event = call?.answer?.event ?? event
      } else if (timer(step.event) !== null) {
        vi.advanceTimersByTime(timeToPass(step.event, actor.getSnapshot().context) ?? 0)
      } else {
        const setup = arrangementFor(path.steps, index)
        event = await arrange(step.event, setup)
        actor.send(event as never)
      }
      await flushRequests()
      const seen = observe(actor.getSnapshot(), { requests: calls.length, smsAutofillFailures })
      const expected = spec.next(event)
      expect(promisedPart(seen, expected), at).toEqual(expected)
      if (expected.step === 'requesting' || expected.step === 'activating') continue
      // Nothing is in flight: the server has seen all the flow sent, and no more.
      await allAnswered()
      expect(requestsSeen(), `${at}: requests the server counted`).toBe(expected.requests)
      expectOutbox(at)
      if (expected.step === 'authenticated' && call?.name === 'activateOtp') {
        await expectUsedUp(at, call.input as ActivateOtpInput)
      }
    }
    await allAnswered()
  } finally {
    actor.stop()
    server.clearFaults()
    vi.useRealTimers()
  }
}

describe('model-based against the dev server: a path to every transition it can drive', () => {
  test.each(transitionPaths.map((entry) => [entry.path.description, entry] as const))(
    '%s',
    async (_, entry) => {
      await replay(entry)
    },
  )
})

describe('model-based against the dev server: simple paths that take a new step', () => {
  test.each(simplePaths.map((entry) => [entry.path.description, entry] as const))(
    '%s',
    async (_, entry) => {
      await replay(entry)
    },
  )
})

test('the replayed paths get every answer the server can give, and reach every state', () => {
  const answers = new Set(
    [...transitionPaths, ...simplePaths].flatMap(({ path }) =>
      path.steps.flatMap(({ event }) => {
        const answer = answerOf(event)
        return answer ? [`${answer.request}: ${answer.kind ?? 'succeeds'}`] : []
      }),
    ),
  )
  const report = coverage.report()
  console.info(
    `dev-server replay: ${transitionPaths.length} transition paths + ${simplePaths.length} simple, ` +
      `${[...transitionPaths, ...simplePaths].reduce((sum, { path }) => sum + path.steps.length, 0)} steps; ` +
      `state nodes ${report.stateNodes.covered}/${report.stateNodes.total}, ` +
      `transitions ${report.transitions.covered}/${report.transitions.total}`,
  )
  if (MUTATION_RUN) return
  expect([...answers].sort()).toEqual([
    'activateOtp: invalid_or_expired_code',
    'activateOtp: rate_limited',
    'activateOtp: succeeds',
    'activateOtp: timeout',
    'activateOtp: too_many_attempts',
    'requestLoginOtp: network',
    'requestLoginOtp: rate_limited',
    'requestLoginOtp: succeeds',
    'requestLoginOtp: user_not_found',
    'requestRegisterOtp: server',
    'requestRegisterOtp: succeeds',
    'requestRegisterOtp: user_exists',
  ])
  expect(report.stateNodes.missing).toEqual([])
})

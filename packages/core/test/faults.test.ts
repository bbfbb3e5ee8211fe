import { createDevServer, type DevServer, type Faults } from '@passage-otp/dev-server'
import { afterEach, describe, expect, test } from 'vitest'
import { waitFor } from 'xstate'
import { createOtpAuthActor, type OtpAuthActor } from '../src/actor'
import type { OtpAuthErrorKind } from '../src/errors'
import {
  type OtpAuthSnapshot,
  selectIsBusy,
  selectSecondsUntilRetry,
  selectStep,
} from '../src/selectors'
import { assertFlowInvariants } from './support/invariants'
import { waitUntil } from './support/wait'

// The real actor and client against the real dev server with each injected fault. Every fault
// ends in `error` with the right kind and a live actor; nothing is sent again on its own; a retry
// after the fault is cleared goes through.

const ADA = 'ada@example.com'
// Long enough for a loaded CI machine; the latency fault below waits well past it.
const TIMEOUT_MS = 1500
const servers: DevServer[] = []
const actors: OtpAuthActor[] = []

afterEach(async () => {
  for (const actor of actors.splice(0)) actor.stop()
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function setup(options: Parameters<typeof createDevServer>[0] = {}) {
  const server = await createDevServer({
    logger: false,
    resendCooldownSeconds: 0,
    ipRateLimit: false,
    users: [{ identifier: ADA }],
    ...options,
  })
  servers.push(server)
  const actor = createOtpAuthActor({
    appId: server.appId,
    baseURL: server.baseURL,
    timeoutMs: TIMEOUT_MS,
    input: { resendCooldownMs: 0 },
  }).start()
  actors.push(actor)
  const sends = () => server.outbox.messages(ADA).length
  const routeCount = (route: 'login/otp' | 'otp/activate') =>
    server.stats().requestsByRoute[`POST /v1/apps/:appId/${route}`] ?? 0
  return { server, actor, sends, routeCount }
}

/** Waits until no request is in flight, then lets timers that are already due fire. */
async function settled(actor: OtpAuthActor) {
  await waitFor(actor, (snapshot) => !selectIsBusy(snapshot), { timeout: 15_000 })
  // A zero-delay timer (the resend cooldown of 0 here) fires on the next turn of the loop.
  await new Promise((resolve) => setTimeout(resolve, 0))
  return actor.getSnapshot()
}

/** The actor is alive, idle of requests, and its state agrees with every invariant. */
function expectHealthy(snapshot: OtpAuthSnapshot) {
  expect(snapshot.status).toBe('active')
  assertFlowInvariants(snapshot, { pending: [], now: Date.now() })
  expect(snapshot.can({ type: 'flow.reset' })).toBe(true)
}

function expectFailed(snapshot: OtpAuthSnapshot, kind: OtpAuthErrorKind, step: string) {
  expectHealthy(snapshot)
  expect(selectStep(snapshot)).toBe('error')
  expect(snapshot.context.error?.kind).toBe(kind)
  expect(snapshot.context.failedStep).toBe(step)
}

async function submitCode(h: Awaited<ReturnType<typeof setup>>) {
  const code = h.server.outbox.latest(ADA)?.code ?? ''
  h.actor.send({ type: 'code.submit', code })
  return settled(h.actor)
}

interface FaultCase {
  name: string
  faults: Faults
  kind: OtpAuthErrorKind
  status?: number
  /** The server did the work before the client lost the answer. */
  handled: boolean
}

const faultCases: FaultCase[] = [
  { name: 'latency past the timeout', faults: { latencyMs: 2500 }, kind: 'timeout', handled: true },
  ...([500, 502, 503] as const).map((status) => ({
    name: `${status}`,
    faults: { errorRate: 1, errorStatus: status },
    kind: 'server' as const,
    status,
    handled: false,
  })),
  { name: 'malformed JSON', faults: { malformedJsonRate: 1 }, kind: 'bad_response', handled: true },
  { name: 'dropped connection', faults: { dropRate: 1 }, kind: 'network', handled: false },
]

describe('a fault while requesting the code', () => {
  test.each(faultCases)('$name → error $kind; retry after clearing sends one code', async (c) => {
    const h = await setup({ faults: c.faults })
    h.actor.send({ type: 'identifier.submit', identifier: ADA, intent: 'login' })
    const failed = await settled(h.actor)
    expectFailed(failed, c.kind, 'requesting')
    if (c.status) expect(failed.context.error?.status).toBe(c.status)
    expect(failed.can({ type: 'flow.retry' })).toBe(true)
    // A timed-out request is still answered by the server, after the client gave up on it.
    if (c.handled) await waitUntil(() => h.sends() === 1, 'the unseen send')
    expect(h.sends()).toBe(c.handled ? 1 : 0)
    expect(h.routeCount('login/otp')).toBe(1)

    h.server.clearFaults()
    h.actor.send({ type: 'flow.retry' })
    h.actor.send({ type: 'flow.retry' })
    const waiting = await settled(h.actor)
    expectHealthy(waiting)
    expect(waiting.matches('awaitingCode')).toBe(true)
    expect(h.routeCount('login/otp')).toBe(2)
    expect(h.sends()).toBe(c.handled ? 2 : 1)
    expect(waiting.context.otpId).toBe(h.server.outbox.latest(ADA)?.otpId)

    const done = await submitCode(h)
    expect(done.value).toBe('authenticated')
    expect(h.routeCount('login/otp')).toBe(2)
    expect(h.routeCount('otp/activate')).toBe(1)
    h.actor.send({ type: 'flow.reset' })
    expect(h.actor.getSnapshot().value).toBe('idle')
  })
})

describe('a fault while activating the code', () => {
  test.each(faultCases)('$name → error $kind; retry or resend gets through', async (c) => {
    const h = await setup()
    h.actor.send({ type: 'identifier.submit', identifier: ADA, intent: 'login' })
    expect((await settled(h.actor)).matches('awaitingCode')).toBe(true)
    h.server.setFaults(c.faults)
    const failed = await submitCode(h)
    expectFailed(failed, c.kind, 'activating')
    if (c.status) expect(failed.context.error?.status).toBe(c.status)
    expect(h.sends()).toBe(1)
    if (c.handled) await waitUntil(() => h.server.stats().codes === 0, 'the code to be used')
    expect(h.routeCount('otp/activate')).toBe(1)

    h.server.clearFaults()
    h.actor.send({ type: 'flow.retry' })
    const retried = await settled(h.actor)
    expect(h.routeCount('otp/activate')).toBe(2)
    expectHealthy(retried)
    if (!c.handled) {
      // The server never saw the first activation: the same code signs in.
      expect(retried.value).toBe('authenticated')
      expect(h.sends()).toBe(1)
      return
    }
    // The server used the code before the answer was lost: retrying it is refused as it
    // should be, and only an explicit resend sends a second code.
    expect(retried.matches({ awaitingCode: { code: 'entering' } })).toBe(true)
    expect(retried.context.error?.kind).toBe('invalid_or_expired_code')
    expect(h.sends()).toBe(1)
    await waitFor(h.actor, (snapshot) => snapshot.can({ type: 'code.resend' }), { timeout: 15_000 })
    h.actor.send({ type: 'code.resend' })
    expect((await settled(h.actor)).matches('awaitingCode')).toBe(true)
    expect(h.sends()).toBe(2)
    expect((await submitCode(h)).value).toBe('authenticated')
    expect(h.routeCount('otp/activate')).toBe(3)
  })
})

describe('429 with Retry-After', () => {
  async function expectRefusedUntilRetryAfter(
    h: Awaited<ReturnType<typeof setup>>,
    route: 'login/otp' | 'otp/activate',
  ) {
    const limited = h.actor.getSnapshot()
    expect(limited.matches({ error: 'waitingToRetry' })).toBe(true)
    expect(limited.can({ type: 'flow.retry' })).toBe(false)
    expect(selectSecondsUntilRetry(limited)).toBeGreaterThan(0)
    const requests = h.routeCount(route)
    h.actor.send({ type: 'flow.retry' })
    expect(h.actor.getSnapshot().matches({ error: 'waitingToRetry' })).toBe(true)
    expect(h.routeCount(route)).toBe(requests)
    const sends = h.sends()
    const ready = await waitFor(h.actor, (s) => s.matches({ error: 'retryable' }), {
      timeout: 15_000,
    })
    expectHealthy(ready)
    expect(selectSecondsUntilRetry(ready)).toBe(0)
    expect(ready.can({ type: 'flow.retry' })).toBe(true)
    // Retry-After passing sends nothing by itself.
    expect(h.routeCount(route)).toBe(requests)
    expect(h.sends()).toBe(sends)
  }

  test('in seconds, while requesting: refused until it passes, then accepted', async () => {
    const h = await setup({ faults: { rateLimitRate: 1, retryAfterSeconds: 1 } })
    h.actor.send({ type: 'identifier.submit', identifier: ADA })
    const failed = await settled(h.actor)
    expectFailed(failed, 'rate_limited', 'requesting')
    expect(failed.context.error).toMatchObject({ status: 429, retryAfterMs: 1000 })
    await expectRefusedUntilRetryAfter(h, 'login/otp')
    expect(h.sends()).toBe(0)
    h.server.clearFaults()
    h.actor.send({ type: 'flow.retry' })
    expect((await settled(h.actor)).matches('awaitingCode')).toBe(true)
    expect(h.sends()).toBe(1)
    expect((await submitCode(h)).value).toBe('authenticated')
  })

  test('in seconds, while activating: the same code works after the wait', async () => {
    const h = await setup()
    h.actor.send({ type: 'identifier.submit', identifier: ADA })
    await settled(h.actor)
    h.server.setFaults({ rateLimitRate: 1, retryAfterSeconds: 1 })
    expectFailed(await submitCode(h), 'rate_limited', 'activating')
    await expectRefusedUntilRetryAfter(h, 'otp/activate')
    h.server.clearFaults()
    h.actor.send({ type: 'flow.retry' })
    expect((await settled(h.actor)).value).toBe('authenticated')
    expect(h.sends()).toBe(1)
    expect(h.routeCount('otp/activate')).toBe(2)
  })

  test('as an HTTP date (the resend cooldown): refused until it passes, then accepted', async () => {
    const h = await setup({ resendCooldownSeconds: 2, retryAfterFormat: 'http-date' })
    h.actor.send({ type: 'identifier.submit', identifier: ADA })
    expect((await settled(h.actor)).matches('awaitingCode')).toBe(true)
    h.actor.send({ type: 'identifier.change' })
    h.actor.send({ type: 'identifier.submit', identifier: ADA })
    const failed = await settled(h.actor)
    expectFailed(failed, 'rate_limited', 'requesting')
    const retryAfterMs = failed.context.error?.retryAfterMs ?? 0
    expect(retryAfterMs).toBeGreaterThan(0)
    expect(retryAfterMs).toBeLessThanOrEqual(3000)
    await expectRefusedUntilRetryAfter(h, 'login/otp')
    expect(h.sends()).toBe(1)
    h.actor.send({ type: 'flow.retry' })
    expect((await settled(h.actor)).matches('awaitingCode')).toBe(true)
    expect(h.sends()).toBe(2)
    expect((await submitCode(h)).value).toBe('authenticated')
  })

  test('as an HTTP date (the per-IP limit): refused until it passes, then accepted', async () => {
    const h = await setup({
      ipRateLimit: { max: 1, windowSeconds: 1 },
      retryAfterFormat: 'http-date',
    })
    h.actor.send({ type: 'identifier.submit', identifier: ADA })
    expect((await settled(h.actor)).matches('awaitingCode')).toBe(true)
    const failed = await submitCode(h)
    expectFailed(failed, 'rate_limited', 'activating')
    await expectRefusedUntilRetryAfter(h, 'otp/activate')
    h.actor.send({ type: 'flow.retry' })
    expect((await settled(h.actor)).value).toBe('authenticated')
    expect(h.sends()).toBe(1)
  })
})

test('a fault on every request never leaves the actor busy, and reset always works', async () => {
  const h = await setup({
    faults: { latencyMs: 5, errorRate: 0.25, dropRate: 0.25, malformedJsonRate: 0.25 },
  })
  for (let round = 0; round < 20; round++) {
    h.actor.send({ type: 'identifier.submit', identifier: ADA })
    const snapshot = await settled(h.actor)
    expectHealthy(snapshot)
    expect(['awaitingCode', 'error']).toContain(selectStep(snapshot))
    if (snapshot.matches('awaitingCode')) {
      const result = await submitCode(h)
      expectHealthy(result)
      expect(['authenticated', 'awaitingCode', 'error']).toContain(selectStep(result))
    }
    h.actor.send({ type: 'flow.reset' })
    expect(h.actor.getSnapshot().value).toBe('idle')
  }
  // One request per user action, never more.
  expect(h.routeCount('login/otp')).toBe(20)
})

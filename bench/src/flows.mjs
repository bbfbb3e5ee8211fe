// One complete flow with our core actor, and the same flow with the hand-written floor client.
import { createOtpAuthActor, createOtpAuthLogic, createPassageOtpClient } from '@passage-otp/core'
import * as floor from './entries/floor.js'

/** A flow that ended somewhere else than expected: a measured result, not a bench failure. */
export class FlowFailure extends Error {}

/** Resolves once the actor reaches `step` (a top-level state); rejects on `error`. */
export function waitForStep(actor, step) {
  return new Promise((resolve, reject) => {
    let subscription
    const check = (snapshot) => {
      if (snapshot.matches(step)) {
        subscription?.unsubscribe()
        resolve(snapshot)
        return true
      }
      if (snapshot.matches('error') || snapshot.status !== 'active') {
        subscription?.unsubscribe()
        reject(
          new FlowFailure(`The flow failed (${snapshot.context.error?.kind ?? snapshot.status}).`),
        )
        return true
      }
      return false
    }
    if (!check(actor.getSnapshot())) subscription = actor.subscribe(check)
  })
}

const cpuMicros = (usage) => usage.user + usage.system

/**
 * Runs `start` (until the code is sent), reads the code from the dev outbox, then runs `verify`.
 * Wall time and this process's CPU time cover `start` and `verify` only, not the outbox read.
 */
async function timedFlow(server, identifier, start, verify) {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const sent = await start()
  const t1 = performance.now()
  const cpu1 = process.cpuUsage(cpu0)
  const code = await server.latestCode(identifier)
  const cpu2 = process.cpuUsage()
  const t2 = performance.now()
  const result = await verify(sent, code)
  const t3 = performance.now()
  const cpu3 = process.cpuUsage(cpu2)
  return { ms: t1 - t0 + (t3 - t2), cpuMicros: cpuMicros(cpu1) + cpuMicros(cpu3), result }
}

/** Ours: a new actor per flow (as a screen mounting), started, driven by events, stopped. */
export function oursFlow(server, identifier, intent = 'login') {
  let actor
  return timedFlow(
    server,
    identifier,
    async () => {
      actor = createOtpAuthActor({ appId: server.appId, baseURL: server.baseURL })
      actor.start()
      actor.send({ type: 'identifier.submit', identifier, intent })
      await waitForStep(actor, 'awaitingCode')
    },
    async (_, code) => {
      actor.send({ type: 'code.submit', code })
      const snapshot = await waitForStep(actor, 'authenticated')
      actor.stop()
      return snapshot.context.authResult
    },
  )
}

/** The floor: two `fetch` calls and nothing else. */
export function floorFlow(server, identifier, intent = 'login') {
  return timedFlow(
    server,
    identifier,
    () => floor.start(server.baseURL, server.appId, identifier, intent),
    (otpId, code) => floor.verify(server.baseURL, server.appId, otpId, code),
  )
}

/** Our Passage client alone (ofetch, timeouts, error mapping), without the machine. */
export function clientFlow(server, identifier) {
  let client
  return timedFlow(
    server,
    identifier,
    async () => {
      client = createPassageOtpClient({ appId: server.appId, baseURL: server.baseURL })
      return (await client.requestLoginOtp({ identifier })).otpId
    },
    (otpId, code) => client.activateOtp({ otpId, code }),
  )
}

/** A client whose requests resolve at once: what the machine and actor cost without the network. */
const instantClient = {
  appId: 'app_id',
  baseURL: 'http://127.0.0.1/v1',
  requestLoginOtp: async () => ({ otpId: 'otp_id' }),
  requestRegisterOtp: async () => ({ otpId: 'otp_id' }),
  activateOtp: async () => ({ authToken: 'token', redirectUrl: '/' }),
}

/** One login flow of the machine alone: actor created, driven with instant requests, stopped. */
async function instantFlow() {
  const actor = createOtpAuthActor({ client: instantClient })
  actor.start()
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  await waitForStep(actor, 'awaitingCode')
  actor.send({ type: 'code.submit', code: '123456' })
  const snapshot = await waitForStep(actor, 'authenticated')
  actor.stop()
  return snapshot.context.authResult
}

/**
 * The machine alone as a variant of the interleaved loop: the same flow as `machineOnlyFlows`,
 * timed between network flows, where its code and data are no longer hot in the caches.
 */
export async function machineFlow() {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const result = await instantFlow()
  return { ms: performance.now() - t0, cpuMicros: cpuMicros(process.cpuUsage(cpu0)), result }
}

/** CPU and wall time of the machine alone per login flow: actor created, driven, stopped. */
export async function machineOnlyFlows(count) {
  for (let i = 0; i < Math.min(count, 500); i++) await instantFlow()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < count; i++) await instantFlow()
  const cpu = process.cpuUsage(cpu0)
  const ms = (performance.now() - t0) / count

  // Of which: binding the client to the machine (`otpAuthMachine.provide`, once per client).
  for (let i = 0; i < Math.min(count, 500); i++) createOtpAuthLogic({ client: instantClient })
  const logic0 = process.cpuUsage()
  for (let i = 0; i < count; i++) createOtpAuthLogic({ client: instantClient })
  const logicMicros = cpuMicros(process.cpuUsage(logic0)) / count
  return { flows: count, cpuMicros: cpuMicros(cpu) / count, ms, logicMicros }
}

/**
 * What Node's `fetch` costs to make a request abortable: `new Request` (which `fetch` makes for
 * each call) with an `AbortSignal` against without one, CPU µs per request. Our client always
 * passes one (the timeout and the caller's cancel); the floor passes none.
 */
export function abortableRequestMicros(count) {
  const init = { method: 'POST', body: '{"identifier":"ada@example.com"}' }
  const url = 'http://127.0.0.1/v1/apps/app_id/login/otp'
  const perRequest = (makeInit) => {
    for (let i = 0; i < Math.min(count, 1000); i++) new Request(url, makeInit())
    const cpu0 = process.cpuUsage()
    for (let i = 0; i < count; i++) new Request(url, makeInit())
    return cpuMicros(process.cpuUsage(cpu0)) / count
  }
  const plain = perRequest(() => init)
  const abortable = perRequest(() => ({ ...init, signal: new AbortController().signal }))
  return { plain, abortable }
}

import { createDevServer, type DevServer } from '@passage-otp/dev-server'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { waitFor } from 'xstate'
import { createOtpAuthActor, type OtpAuthActor } from '../src/actor'
import { selectStep } from '../src/selectors'

let server: DevServer
beforeAll(async () => {
  // A login right after registering is a second send to the same identifier: no cooldown here.
  server = await createDevServer({ logger: false, resendCooldownSeconds: 0 })
})
afterAll(() => server.close())

function startFlow() {
  return createOtpAuthActor({ appId: server.appId, baseURL: server.baseURL }).start()
}

async function signIn(
  actor: OtpAuthActor,
  identifier: string,
  intent: 'login' | 'register' | 'auto',
) {
  actor.send({ type: 'identifier.submit', identifier, intent })
  await waitFor(actor, (snapshot) => snapshot.matches('awaitingCode') || snapshot.matches('error'))
  const code = server.outbox.latest(identifier)?.code ?? ''
  actor.send({ type: 'code.submit', code: `${code.slice(0, 3)} ${code.slice(3)}` })
  return waitFor(actor, (snapshot) =>
    ['authenticated', 'awaitingCode', 'error'].includes(selectStep(snapshot)),
  )
}

const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sub: string }

test('register → activate, then login → activate, through the actor against the dev server', async () => {
  const requestsBefore = server.stats().requests
  const registering = startFlow()
  const emitted: unknown[] = []
  registering.on('authenticated', (event) => emitted.push(event))
  const registered = await signIn(registering, 'grace@example.com', 'register')
  expect(registered.value).toBe('authenticated')
  expect(emitted).toHaveLength(1)

  const loggingIn = startFlow()
  const loggedIn = await signIn(loggingIn, 'grace@example.com', 'login')
  expect(loggedIn.value).toBe('authenticated')
  const first = claims(registered.context.authResult?.authToken ?? '')
  const second = claims(loggedIn.context.authResult?.authToken ?? '')
  expect(second.sub).toBe(first.sub)
  expect(server.stats().requests - requestsBefore).toBe(4)
})

test('sign up or in registers an unknown user with one extra request, and logs in a known one', async () => {
  const before = server.stats().requests
  const newcomer = await signIn(startFlow(), 'linus@example.com', 'auto')
  expect(newcomer.value).toBe('authenticated')
  expect(server.stats().requests - before).toBe(3)

  const again = server.stats().requests
  const returning = await signIn(startFlow(), 'linus@example.com', 'auto')
  expect(returning.value).toBe('authenticated')
  expect(server.stats().requests - again).toBe(2)
})

test('cancel aborts the request in flight and nothing arrives afterwards', async () => {
  server.setFaults({ latencyMs: 200 })
  const actor = startFlow()
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com', intent: 'register' })
  actor.send({ type: 'flow.cancel' })
  expect(actor.getSnapshot().value).toBe('idle')
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(actor.getSnapshot().value).toBe('idle')
  expect(actor.getSnapshot().context.otpId).toBeNull()
  server.clearFaults()
})

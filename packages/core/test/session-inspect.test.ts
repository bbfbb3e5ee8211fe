import { expect, test } from 'vitest'
import type { InspectionEvent } from 'xstate'
import type { AuthResult } from '../src/client'
import { REDACTED } from '../src/redact'
import { createSession } from '../src/session'
import { createMemoryTokenStore } from '../src/token-store'
import { createFakeClient } from './support/session-fakes'

// Actor refs are cyclic; the inspector serialises them by id (their snapshots are read below).
function skipActorRefs(key: string, value: unknown) {
  return key === 'actorRef' || key === 'sourceRef' || key === '_transitions' ? undefined : value
}

test('the session shows in the inspector with every token masked', async () => {
  const stream: string[] = []
  const refs: { getSnapshot(): unknown }[] = []
  const { fake, client } = createFakeClient(600)
  const issued: AuthResult[] = []
  fake.refreshSession.mockImplementation(async () => {
    const result = fake.issue()
    issued.push(result)
    return result
  })
  const session = createSession({
    client,
    store: createMemoryTokenStore(),
    channel: false,
    locks: false,
    inspect: (event: InspectionEvent) => {
      stream.push(JSON.stringify(event, skipActorRefs))
      if ('actorRef' in event) refs.push(event.actorRef)
    },
  })
  const first = fake.issue()
  issued.push(first)
  await session.signIn(first)
  await session.refresh()
  const second = fake.issue()
  issued.push(second)
  await session.signIn(second)
  await session.signOut()
  session.destroy()
  // Inspectors may read an actor's snapshot later, when it holds tokens.
  for (const ref of refs) stream.push(JSON.stringify(ref.getSnapshot(), skipActorRefs))

  const text = stream.join('\n')
  expect(issued).toHaveLength(3)
  for (const { authToken, refreshToken } of issued) {
    expect(text).not.toContain(authToken)
    expect(text).not.toContain(JSON.stringify(refreshToken))
  }
  expect(text).toContain(REDACTED)
  // What the session did is all there: its states, events and actors.
  for (const name of ['signingIn', 'refreshing', 'signingOut', 'session.signIn', 'refreshTokens']) {
    expect(text).toContain(name)
  }
})

import { describe, expect, test } from 'vitest'
import { createActor, fromPromise } from 'xstate'
import { getStateNodes } from 'xstate/graph'
import type { AuthResult } from '../src/client'
import { type SessionStatus, toSessionSnapshot } from '../src/session'
import { type RefreshOutcome, sessionMachine } from '../src/session-machine'
import { getSessionTestPaths, type SessionTestStep } from '../src/testing'

const now = 1_800_000_000_000
const paths = getSessionTestPaths(now)

/** `a.b.c` for every leaf of a state value. */
function leaves(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [`${prefix}${value}`]
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    leaves(child, `${prefix}${key}.`),
  )
}

// The `status` column of the table of states in docs/guide/sessions.md.
const documentedStatus: Record<string, SessionStatus | 'signedIn over an earlier session'> = {
  loading: 'loading',
  signedOut: 'signedOut',
  syncing: 'signedIn over an earlier session',
  signingIn: 'signedIn over an earlier session',
  'signedIn.token.fresh': 'signedIn',
  'signedIn.token.refreshing': 'refreshing',
  'signedIn.token.retrying': 'signedIn',
  'signedIn.token.expiring': 'signedIn',
  'signedIn.lifetime.counting': 'signedIn',
  ending: 'signedOut',
  'signingOut.clearing': 'signedOut',
  'signingOut.revoking': 'signedOut',
}

function expectedStatus(step: SessionTestStep, before: SessionStatus) {
  const documented = leaves(step.value).map((leaf) => documentedStatus[leaf])
  const status = documented.includes('refreshing') ? 'refreshing' : documented[0]
  if (status !== 'signedIn over an earlier session') return status
  return before === 'signedIn' || before === 'refreshing' ? 'signedIn' : 'signedOut'
}

describe('getSessionTestPaths', () => {
  test('reaches every state of the machine that is not a passing choice', () => {
    const reached = new Set(
      paths.flatMap((path) => path.steps.flatMap((step) => leaves(step.value))),
    )
    const atomic = getStateNodes(sessionMachine.root)
      .filter((node) => node.type === 'atomic' && node.key !== 'restoring')
      .map((node) => node.path.join('.'))
    expect(atomic.filter((path) => !reached.has(path))).toEqual([])
    expect(atomic).toHaveLength(Object.keys(documentedStatus).length)
  })

  test('every step shows the status the docs give its state', () => {
    for (const path of paths) {
      let before: SessionStatus = 'loading'
      for (const step of path.steps) {
        expect(step.status, `${path.description}: ${JSON.stringify(step.value)}`).toBe(
          expectedStatus(step, before),
        )
        before = step.status
      }
    }
  })

  test('signed in only once the store holds the tokens', () => {
    for (const path of paths) {
      path.steps.forEach((step, index) => {
        const previous = path.steps[index - 1]
        if (
          previous?.value === 'signingIn' &&
          leaves(step.value).includes('signedIn.token.fresh')
        ) {
          expect(step.event.type, path.description).toBe('xstate.done.actor.writeStore')
        }
      })
    }
  })

  test('at start, a stored session whose refresh token expired is removed, never signed in', () => {
    const loaded = paths.map((path) => path.steps[0])
    const expired = loaded.filter(
      (step) =>
        step?.event.type === 'xstate.done.actor.readStore' &&
        step.event.output?.refreshToken === 'refresh-expired',
    )
    expect(expired.length).toBeGreaterThan(0)
    for (const step of expired) expect(step).toMatchObject({ value: 'ending', status: 'signedOut' })
  })

  // A fixed sample, one path in eight: replaying all of them takes seconds.
  test('replayed on a running actor, sampled paths pass through the states they name', () => {
    // Actors that never answer: the paths' events stand for their outcomes.
    const waits = <Output, Input>() => fromPromise<Output, Input>(() => new Promise(() => {}))
    const logic = sessionMachine.provide({
      actors: {
        readStore: waits<AuthResult | null, unknown>(),
        writeStore: waits<void, { authResult: AuthResult }>(),
        clearStore: waits<AuthResult | null, { authToken: string | null }>(),
        refreshTokens: waits<RefreshOutcome, { result: AuthResult }>(),
        revokeTokens: waits<void, { results: AuthResult[] }>(),
      },
    })
    for (const path of paths.filter((_, index) => index % 8 === 0)) {
      const actor = createActor(logic, { input: { now: () => now } }).start()
      for (const step of path.steps) {
        actor.send(step.event as Parameters<typeof actor.send>[0])
        const snapshot = actor.getSnapshot()
        expect(snapshot.value, path.description).toEqual(step.value)
        expect(toSessionSnapshot(snapshot).status, path.description).toBe(step.status)
      }
      actor.stop()
    }
  })
})

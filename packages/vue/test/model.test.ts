import { createOtpAuthActor } from '@passage-otp/core'
import {
  createControllableClient,
  createCoverageRecorder,
  flushRequests,
  getOtpAuthTestPaths,
  type OtpAuthTestPath,
  otpAuthTestInput,
  performStep,
} from '@passage-otp/core/testing'
import { enableAutoUnmount } from '@vue/test-utils'
import { afterAll, afterEach, describe, expect, test } from 'vitest'
import { nextTick } from 'vue'
import { mountFlow } from './flow'

enableAutoUnmount(afterEach)

const transitions = getOtpAuthTestPaths({ kind: 'transitions' })
const simple = getOtpAuthTestPaths({ kind: 'simple' })
const coverage = createCoverageRecorder()
let replayMs = 0
let replayedSteps = 0

async function replay(path: OtpAuthTestPath) {
  const started = performance.now()
  const { controllable, flow, rendered } = mountFlow(otpAuthTestInput, {
    inspect: coverage.inspect,
  })
  for (const step of path.steps) {
    const at = `${path.description}: after ${step.event.type}`
    performStep(step, { client: controllable, send: flow.actorRef.send })
    await flushRequests()
    await nextTick()
    const snapshot = flow.actorRef.getSnapshot()
    const screen = rendered()
    expect(screen.step, at).toBe(step.step)
    expect(flow.state.value, at).toEqual(step.value)
    expect(controllable.calls.length, `${at}: requests`).toBe(step.requests)
    expect(screen.error, at).toBe(snapshot.context.error?.kind ?? '')
    expect(screen.canResend, at).toBe(snapshot.can({ type: 'code.resend' }))
    expect(controllable.pending().length, at).toBeLessThanOrEqual(1)
    replayedSteps += 1
  }
  replayMs += performance.now() - started
}

describe('model-based through useOtpAuth: a path to every transition', () => {
  test.each(transitions.map((path) => [path.description, path] as const))('%s', (_, path) =>
    replay(path),
  )
})

describe('model-based through useOtpAuth: simple paths', () => {
  test.each(simple.map((path) => [path.description, path] as const))('%s', (_, path) =>
    replay(path),
  )
})

// The same paths on a bare actor: whatever they reach there, they must reach through the adapter.
async function replayOnActor(paths: OtpAuthTestPath[]) {
  const direct = createCoverageRecorder()
  for (const path of paths) {
    const controllable = createControllableClient()
    const actor = createOtpAuthActor({
      client: controllable.client,
      input: otpAuthTestInput,
      inspect: direct.inspect,
    }).start()
    for (const step of path.steps) {
      performStep(step, { client: controllable, send: actor.send })
      await flushRequests()
    }
    actor.stop()
  }
  return direct.report()
}

test('the adapter drives every state node and transition the paths reach', async () => {
  const viaVue = coverage.report()
  const direct = await replayOnActor([...transitions, ...simple])
  console.info(
    `vue model coverage: state nodes ${viaVue.stateNodes.covered}/${viaVue.stateNodes.total}, ` +
      `transitions ${viaVue.transitions.covered}/${viaVue.transitions.total}`,
  )
  expect(viaVue.stateNodes.missing).toEqual(direct.stateNodes.missing)
  expect(viaVue.transitions.missing).toEqual(direct.transitions.missing)
  expect(viaVue.transitions.covered).toBeGreaterThan(20)
}, 60_000)

afterAll(() => {
  console.info(
    `vue model replay: ${transitions.length} transition paths + ${simple.length} simple paths, ` +
      `${replayedSteps} steps in ${Math.round(replayMs)} ms`,
  )
})

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
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { nextTick } from 'vue'
import { createFlowSpec, type ExpectedView, timeToPass } from '../../core/test/support/flow-spec'
import { mountFlow } from './flow'

enableAutoUnmount(afterEach)

// The graph of the machine generates the paths; what the screen must show after each step comes
// from the core's hand-written flow specification. Timer steps let time pass on a fake clock.
beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  })
})
afterEach(() => {
  vi.useRealTimers()
})

const transitions = getOtpAuthTestPaths({ kind: 'transitions' })
const simple = getOtpAuthTestPaths({ kind: 'simple' })
const coverage = createCoverageRecorder()
let replayMs = 0
let replayedSteps = 0

/** What the screen must show, from the specification (open fields are left out). */
function screenFor(expected: ExpectedView) {
  return {
    step: expected.step,
    ...(expected.error === undefined ? {} : { error: expected.error ?? '' }),
    resendError: expected.resendError ?? '',
    canResend: expected.canResend,
    canRetry: expected.canRetry,
    isLocked: expected.isLocked,
    isCodeExpired: expected.isCodeExpired,
    attemptsRemaining: expected.attemptsRemaining,
    busy: expected.step === 'requesting' || expected.step === 'activating',
    requests: expected.requests,
  }
}

async function replay(path: OtpAuthTestPath) {
  const started = performance.now()
  const { controllable, flow, rendered } = mountFlow(otpAuthTestInput, {
    inspect: coverage.inspect,
  })
  const spec = createFlowSpec({ maxAttempts: otpAuthTestInput.maxAttempts ?? 5 })
  for (const [index, step] of path.steps.entries()) {
    const at = `${path.description}: step ${index + 1} (${step.event.type})`
    const wait = timeToPass(step.event, flow.actorRef.getSnapshot().context)
    if (wait === null) performStep(step, { client: controllable, send: flow.actorRef.send })
    else vi.advanceTimersByTime(wait)
    await flushRequests()
    await nextTick()
    const expected = screenFor(spec.next(step.event))
    const { secondsUntilResend: _, error, ...screen } = rendered()
    expect(
      {
        ...screen,
        ...('error' in expected ? { error } : {}),
        requests: controllable.calls.length,
      },
      at,
    ).toEqual(expected)
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

import {
  createControllableClient,
  createCoverageRecorder,
  flushRequests,
  getOtpAuthTestPaths,
  type OtpAuthTestPath,
  otpAuthTestInput,
  performStep,
} from '@passage-otp/core/testing'
import { act } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createFlowSpec, type ExpectedView, timeToPass } from '../../core/test/support/flow-spec'
import { actorOf, createActorHandle, FlowProbe } from './components'
import { describeEachReactMode, type ReactModeSuite } from './modes'

// The graph of the machine generates the paths; what the screen must show after each step comes
// from the core's hand-written flow specification, not from the machine or its selectors.

// Timer steps let time pass on a fake clock, so the flow meets the deadlines it set.
beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  })
})
afterEach(() => {
  vi.useRealTimers()
})

const transitionPaths = getOtpAuthTestPaths({ kind: 'transitions' })
const simplePaths = getOtpAuthTestPaths({ kind: 'simple' })

/** What `FlowView` must show, from the specification (open fields are left out). */
function screenFor(expected: ExpectedView) {
  const busy = expected.step === 'requesting' || expected.step === 'activating'
  return {
    step: expected.step,
    ...(expected.error === undefined ? {} : { error: expected.error ?? 'none' }),
    resendError: expected.resendError ?? 'none',
    canResend: String(expected.canResend),
    canRetry: String(expected.canRetry),
    busy: String(busy),
    locked: String(expected.isLocked),
    codeExpired: String(expected.isCodeExpired),
    attemptsRemaining: String(expected.attemptsRemaining),
    requests: expected.requests,
  }
}

async function replay(
  path: OtpAuthTestPath,
  { render }: ReactModeSuite,
  inspect: ReturnType<typeof createCoverageRecorder>['inspect'],
) {
  const client = createControllableClient()
  const handle = createActorHandle()
  const { getByTestId } = render(
    <FlowProbe
      options={{ client: client.client, input: otpAuthTestInput, inspect }}
      handle={handle}
    />,
  )
  const actorRef = actorOf(handle)
  const element = getByTestId('flow')
  const spec = createFlowSpec({ maxAttempts: otpAuthTestInput.maxAttempts ?? 5 })
  expect(element.dataset.step).toBe('idle')
  expect(client.calls).toHaveLength(0)

  for (const [index, step] of path.steps.entries()) {
    const where = `${path.description}: step ${index + 1} (${step.event.type})`
    await act(async () => {
      const wait = timeToPass(step.event, actorRef.getSnapshot().context)
      if (wait === null) performStep(step, { client, send: actorRef.send })
      else vi.advanceTimersByTime(wait)
      await flushRequests()
    })
    const expected = screenFor(spec.next(step.event))
    const { step: shown, error, resendError, canResend, canRetry, busy } = element.dataset
    const { locked, codeExpired, attemptsRemaining } = element.dataset
    // One comparison per step keeps the replay fast and still names what differs.
    expect(
      {
        step: shown,
        ...('error' in expected ? { error } : {}),
        resendError,
        canResend,
        canRetry,
        busy,
        locked,
        codeExpired,
        attemptsRemaining,
        requests: client.calls.length,
      },
      where,
    ).toEqual(expected)
    expect(client.pending().length, where).toBeLessThanOrEqual(1)
  }
}

describeEachReactMode('model-based replay through useOtpAuth', (suite) => {
  const coverage = createCoverageRecorder()

  test.each(transitionPaths.map((path) => [path.description, path] as const))(
    'transition path: %s',
    async (_, path) => {
      await replay(path, suite, coverage.inspect)
    },
  )

  test.each(simplePaths.map((path) => [path.description, path] as const))(
    'simple path: %s',
    async (_, path) => {
      await replay(path, suite, coverage.inspect)
    },
  )

  test('the replayed paths took every state node and transition of the machine', () => {
    const report = coverage.report()
    console.info(
      `React ${suite.mode} mode: replayed ${transitionPaths.length} transition paths + ` +
        `${simplePaths.length} simple paths; state nodes ` +
        `${report.stateNodes.covered}/${report.stateNodes.total}, transitions ` +
        `${report.transitions.covered}/${report.transitions.total}`,
    )
    expect(report.stateNodes.missing).toEqual([])
    expect(report.transitions.missing).toEqual([])
  })
})

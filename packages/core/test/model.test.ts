import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthLogic } from '../src/actor'
import { type OtpAuthSnapshot, selectOtpAuthView } from '../src/selectors'
import {
  type ControllableClient,
  createControllableClient,
  createCoverageRecorder,
  flushRequests,
  getOtpAuthTestPaths,
  type OtpAuthTestPath,
  otpAuthTestInput,
  performStep,
} from '../src/testing'
import { createWebOtpReader } from '../src/web-otp'
import { createFlowSpec, type ExpectedView, promisedPart, timeToPass } from './support/flow-spec'

// The graph of the machine generates the paths; what each step must look like comes from the
// hand-written specification in ./support/flow-spec.ts, not from the machine.

const shortest = getOtpAuthTestPaths({ kind: 'transitions' })
const simple = getOtpAuthTestPaths({ kind: 'simple' })
const coverage = createCoverageRecorder()

// Timer steps let time pass on a fake clock, so the flow meets the deadlines it set.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

/** What the flow shows, in the specification's terms. */
function observe(
  snapshot: OtpAuthSnapshot,
  client: ControllableClient,
  smsAutofillFailures: number,
): ExpectedView {
  const view = selectOtpAuthView(snapshot)
  const { resendError } = view as { resendError?: { kind: ExpectedView['error'] } | null }
  return {
    step: view.step,
    error: view.error?.kind ?? null,
    resendError: resendError?.kind ?? null,
    attemptsRemaining: view.attemptsRemaining,
    canResend: view.canResend,
    canRetry: view.canRetry,
    isLocked: view.isLocked,
    isCodeExpired: view.isCodeExpired,
    requests: client.calls.length,
    holdsCode: snapshot.context.code !== null,
    smsAutofillFailures,
  }
}

async function replay(path: OtpAuthTestPath) {
  const client = createControllableClient()
  // Web OTP on, in a runtime without it: the reader must stay silent unless a step fails it.
  const actor = createActor(
    createOtpAuthLogic({ client: client.client, webOtp: createWebOtpReader() }),
    {
      input: otpAuthTestInput,
      inspect: coverage.inspect,
    },
  ).start()
  let smsAutofillFailures = 0
  actor.on('smsAutofillFailed', () => {
    smsAutofillFailures += 1
  })
  const spec = createFlowSpec({ maxAttempts: otpAuthTestInput.maxAttempts ?? 5 })
  for (const [index, step] of path.steps.entries()) {
    const wait = timeToPass(step.event, actor.getSnapshot().context)
    if (wait === null) performStep(step, { client, send: actor.send })
    else vi.advanceTimersByTime(wait)
    await flushRequests()
    const expected = spec.next(step.event)
    const seen = promisedPart(observe(actor.getSnapshot(), client, smsAutofillFailures), expected)
    expect(seen, `${path.description}: after step ${index + 1} (${step.event.type})`).toEqual(
      expected,
    )
    expect(client.pending().length).toBeLessThanOrEqual(1)
  }
  actor.stop()
}

describe('model-based: a path to every transition', () => {
  test.each(shortest.map((path) => [path.description, path] as const))('%s', async (_, path) => {
    await replay(path)
  })
})

describe('model-based: simple paths', () => {
  test.each(simple.map((path) => [path.description, path] as const))('%s', async (_, path) => {
    await replay(path)
  })
})

test('the generated paths cover every state node and transition of the machine', () => {
  const report = coverage.report()
  console.info(
    `model-based paths: ${shortest.length} transition paths + ${simple.length} simple; ` +
      `state nodes ${report.stateNodes.covered}/${report.stateNodes.total}, ` +
      `transitions ${report.transitions.covered}/${report.transitions.total}`,
  )
  expect(report.stateNodes.missing).toEqual([])
  expect(report.transitions.missing).toEqual([])
  expect(report.transitions.total).toBeGreaterThan(20)
})

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
import { expect, test, vi } from 'vitest'
import { actorOf, createActorHandle, expectedView, FlowProbe, readView } from './components'
import { describeEachReactMode, type ReactModeSuite } from './modes'

// The paths carry absolute deadlines (such as a saved flow's resend time) computed when they are
// generated, and model every timer as an explicit step. Freezing the clock makes a replay see the
// time the paths were made for, however long the whole run takes.
vi.useFakeTimers({ toFake: ['Date'] })

const transitionPaths = getOtpAuthTestPaths({ kind: 'transitions' })
const simplePaths = getOtpAuthTestPaths({ kind: 'simple' })

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
  expect(element.dataset.step).toBe('idle')
  expect(client.calls).toHaveLength(0)

  for (const [index, step] of path.steps.entries()) {
    const where = `${path.description}: step ${index + 1} (${step.event.type})`
    await act(async () => {
      performStep(step, { client, send: actorRef.send })
      await flushRequests()
    })
    // One comparison per step keeps the replay fast and still names what differs.
    expect(
      {
        step: element.dataset.step,
        requests: client.calls.length,
        atMostOneRequestInFlight: client.pending().length <= 1,
        state: JSON.parse(element.dataset.state ?? 'null'),
        view: readView(element),
      },
      where,
    ).toEqual({
      step: step.step,
      requests: step.requests,
      atMostOneRequestInFlight: true,
      state: step.value,
      view: expectedView(actorRef.getSnapshot()),
    })
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

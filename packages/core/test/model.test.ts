import { describe, expect, test } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthLogic } from '../src/actor'
import { selectStep } from '../src/selectors'
import {
  createControllableClient,
  createCoverageRecorder,
  flushRequests,
  getOtpAuthTestPaths,
  otpAuthTestInput,
  performStep,
} from '../src/testing'

const shortest = getOtpAuthTestPaths({ kind: 'transitions' })
const simple = getOtpAuthTestPaths({ kind: 'simple' })
const coverage = createCoverageRecorder()

async function replay(path: (typeof shortest)[number]) {
  const client = createControllableClient()
  const actor = createActor(createOtpAuthLogic({ client: client.client }), {
    input: otpAuthTestInput,
    inspect: coverage.inspect,
  }).start()
  for (const step of path.steps) {
    performStep(step, { client, send: actor.send })
    await flushRequests()
    const snapshot = actor.getSnapshot()
    expect(snapshot.value, `${path.description}: state after ${step.event.type}`).toEqual(
      step.value,
    )
    expect(selectStep(snapshot)).toBe(step.step)
    expect(client.calls.length, `${path.description}: requests after ${step.event.type}`).toBe(
      step.requests,
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

// @vitest-environment happy-dom
import {
  type ControllableClient,
  createControllableClient,
  createCoverageRecorder,
  defineOtpAuthScreens,
  flushRequests,
  getOtpAuthTestPaths,
  type OtpAuthTestPath,
  otpAuthTestInput,
  performStep,
} from '@passage-otp/core/testing'
import { type UseOtpAuthResult, useOtpAuth } from '@passage-otp/react'
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, test } from 'vitest'
import { OtpForm } from '../snippets/react/LoginScreen'

// What the screen should show at each step of the flow. Every step must be listed: the kit
// refuses a table with a step missing.
const headings = defineOtpAuthScreens({
  idle: /^sign in$/i,
  requesting: /^(sign in|enter your code)$/i, // a resend stays on the code form
  awaitingCode: /^enter your code$/i,
  activating: /^enter your code$/i,
  authenticated: /^signed in$/i,
  error: /^something went wrong$/i,
})

const coverage = createCoverageRecorder()
afterEach(cleanup)

/** Starts the flow with the controllable client and hands it to the test. */
function Harness(props: { client: ControllableClient; into: { flow?: UseOtpAuthResult } }) {
  const flow = useOtpAuth({
    client: props.client.client,
    input: otpAuthTestInput,
    inspect: coverage.inspect,
  })
  props.into.flow = flow
  return <OtpForm flow={flow} />
}

async function replay(path: OtpAuthTestPath) {
  const client = createControllableClient()
  const harness: { flow?: UseOtpAuthResult } = {}
  render(<Harness client={client} into={harness} />)
  for (const step of path.steps) {
    await act(async () => {
      performStep(step, { client, send: (event) => harness.flow?.actorRef.send(event) })
      await flushRequests()
    })
    const at = `${path.description}: after ${step.event.type}`
    expect(screen.getByRole('heading').textContent, at).toMatch(headings.for(step))
    const error = harness.flow?.actorRef.getSnapshot().context.error
    if (error) expect(screen.getByRole('alert').textContent, at).toBe(error.message)
    expect(client.calls.length, `${at}: requests sent`).toBe(step.requests)
  }
}

describe('the login screen on every transition of the flow', () => {
  const paths = getOtpAuthTestPaths({ kind: 'transitions' })
  test.each(paths.map((path) => [path.description, path] as const))('%s', (_, path) => replay(path))
})

test('the paths drove every state and transition of the machine through the screen', () => {
  const { stateNodes, transitions } = coverage.report()
  expect(stateNodes.missing).toEqual([])
  expect(transitions.missing).toEqual([])
  expect(headings.unvisited()).toEqual([])
})

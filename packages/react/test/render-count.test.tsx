import { createOtpAuthError, type OtpAuthStep } from '@passage-otp/core'
import { createControllableClient, flushRequests, testAuthResult } from '@passage-otp/core/testing'
import { act, fireEvent, screen } from '@testing-library/react'
import { Profiler, version } from 'react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { actorOf, createActorHandle, LoginScreen } from './components'
import { describeEachReactMode } from './modes'

const settle = (work: () => void) =>
  act(async () => {
    work()
    await flushRequests()
  })

const dedupe = (steps: OtpAuthStep[]) => steps.filter((step, index) => step !== steps[index - 1])

describeEachReactMode('render counts of a whole flow', ({ mode, render }) => {
  // No countdown tick may land in the middle of a flow and add a render.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  async function signIn({ wrongCodeFirst }: { wrongCodeFirst: boolean }) {
    const controllable = createControllableClient()
    const handle = createActorHandle()
    const renderedSteps: OtpAuthStep[] = []
    let commits = 0
    render(
      <Profiler id="login" onRender={() => (commits += 1)}>
        <LoginScreen
          options={{ client: controllable.client }}
          handle={handle}
          onRender={(flow) => renderedSteps.push(flow.step)}
        />
      </Profiler>,
    )
    const actorRef = actorOf(handle)
    let snapshot = actorRef.getSnapshot()
    let stateChanges = 0
    const subscription = actorRef.subscribe((next) => {
      if (next !== snapshot) stateChanges += 1
      snapshot = next
    })
    const submitCode = (code: string) => {
      fireEvent.change(screen.getByLabelText('One-time code'), { target: { value: code } })
      fireEvent.submit(screen.getByRole('form', { name: 'Enter the code' }))
    }

    fireEvent.change(screen.getByLabelText('Email or phone'), {
      target: { value: 'ada@example.com' },
    })
    fireEvent.submit(screen.getByRole('form', { name: 'Sign in' }))
    await settle(() => controllable.resolve('requestLoginOtp', { otpId: 'otp-1' }))
    if (wrongCodeFirst) {
      submitCode('000 000')
      await settle(() =>
        controllable.reject('activateOtp', createOtpAuthError('invalid_or_expired_code')),
      )
      expect(screen.getByTestId('flow').dataset.error).toBe('invalid_or_expired_code')
    }
    submitCode('123 456')
    await settle(() => controllable.resolve('activateOtp', testAuthResult))
    subscription.unsubscribe()

    expect(screen.getByTestId('flow').dataset.step).toBe('authenticated')
    expect(controllable.calls.map((call) => call.name)).toEqual([
      'requestLoginOtp',
      ...(wrongCodeFirst ? ['activateOtp'] : []),
      'activateOtp',
    ])
    return { renders: renderedSteps.length, commits, stateChanges, renderedSteps }
  }

  function report(flow: string, counts: Awaited<ReturnType<typeof signIn>>) {
    console.info(
      `render counts, React ${version}, ${mode} mode, ${flow}: ${counts.stateChanges} state ` +
        `changes, ${counts.commits} commits, ${counts.renders} renders of the screen`,
    )
  }

  // StrictMode calls every render function twice; the commits count what reached the DOM.
  const rendersPerCommit = mode === 'strict' ? 2 : 1

  const lastCodeAccepted = ['activating', 'authenticated']
  test.each([
    {
      flow: 'login: identifier → code sent → code → authenticated',
      label: 'login',
      wrongCodeFirst: false,
      stateChanges: 4,
      steps: ['idle', 'requesting', 'awaitingCode', ...lastCodeAccepted],
    },
    {
      flow: 'login with a wrong code first',
      label: 'wrong code first',
      wrongCodeFirst: true,
      stateChanges: 6,
      steps: [
        'idle',
        'requesting',
        'awaitingCode',
        'activating',
        'awaitingCode',
        ...lastCodeAccepted,
      ],
    },
  ])('$flow', async ({ label, wrongCodeFirst, stateChanges, steps }) => {
    const counts = await signIn({ wrongCodeFirst })
    report(label, counts)
    expect(counts.stateChanges).toBe(stateChanges)
    expect(counts.commits).toBeLessThanOrEqual(counts.stateChanges + 1)
    expect(counts.renders).toBeLessThanOrEqual((counts.stateChanges + 1) * rendersPerCommit)
    expect(dedupe(counts.renderedSteps)).toEqual(steps)
  })
})

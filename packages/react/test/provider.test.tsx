import { createControllableClient, flushRequests } from '@passage-otp/core/testing'
import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { OtpAuthProvider } from '../src'
import { actorOf, createActorHandle, SharedFlowView, SharedLoginForms } from './components'
import { describeEachReactMode } from './modes'

const steps = () => screen.getAllByRole('status').map((element) => element.dataset.step)

describeEachReactMode('OtpAuthProvider', ({ render }) => {
  test('components under one provider share one flow and one request', async () => {
    const controllable = createControllableClient()
    const header = createActorHandle()
    const footer = createActorHandle()
    render(
      <OtpAuthProvider options={{ client: controllable.client }}>
        <SharedFlowView testId="header" handle={header} />
        <SharedLoginForms />
        <SharedFlowView testId="footer" handle={footer} />
      </OtpAuthProvider>,
    )
    expect(actorOf(header)).toBe(actorOf(footer))
    expect(steps()).toEqual(['idle', 'idle'])

    fireEvent.change(screen.getByLabelText('Email or phone'), {
      target: { value: 'ada@example.com' },
    })
    fireEvent.submit(screen.getByRole('form', { name: 'Sign in' }))
    expect(steps()).toEqual(['requesting', 'requesting'])
    expect(controllable.calls).toHaveLength(1)

    await act(async () => {
      controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
      await flushRequests()
    })
    expect(steps()).toEqual(['awaitingCode', 'awaitingCode'])
    expect(screen.getByRole('form', { name: 'Enter the code' })).toBeTruthy()
    expect(controllable.calls).toHaveLength(1)
  })
})

afterEach(() => {
  vi.restoreAllMocks()
})

test('useOtpAuthContext outside an OtpAuthProvider throws a clear error', () => {
  // React reports the render error on the console too; keep the output readable.
  vi.spyOn(console, 'error').mockImplementation(() => {})
  expect(() => render(<SharedFlowView testId="orphan" />)).toThrow(
    'useOtpAuthContext() must be used inside an <OtpAuthProvider>.',
  )
})

import { createControllableClient, flushRequests } from '@passage-otp/core/testing'
import { act, fireEvent, screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import { OtpAuthProvider, useOtpAuthContext } from '../src'
import { describeEachReactMode } from './modes'

/** A code form that holds markup only: everything it shows comes from `ui`. */
function CodeScreen() {
  const { ui, submitIdentifier, submitCode } = useOtpAuthContext()
  return (
    <main data-screen={ui.screen}>
      <button type="button" onClick={() => submitIdentifier('ada@example.com')}>
        Send code
      </button>
      <label htmlFor="code">Code</label>
      <input id="code" {...ui.codeInputProps} defaultValue="" />
      <button type="button" onClick={() => submitCode('123')}>
        Verify
      </button>
      {ui.alert && <p {...ui.alert.props}>{ui.alert.text}</p>}
      <p {...ui.status.props}>{ui.status.text}</p>
    </main>
  )
}

describeEachReactMode('ui from useOtpAuthContext', ({ render }) => {
  test('spreads the input props and speaks through the live regions, in the provider’s words', async () => {
    const controllable = createControllableClient()
    const messages = { enterCode: (length: number) => `${length} Ziffern, bitte.` }
    render(
      <OtpAuthProvider options={{ client: controllable.client, messages }}>
        <CodeScreen />
      </OtpAuthProvider>,
    )
    fireEvent.click(screen.getByText('Send code'))
    expect(screen.getByRole('status').textContent).toBe('Sending code…')
    await act(async () => {
      controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
      await flushRequests()
    })
    const input = screen.getByLabelText('Code')
    expect(input.getAttribute('autocomplete')).toBe('one-time-code')
    expect(input.getAttribute('inputmode')).toBe('numeric')
    expect(input.getAttribute('data-state')).toBe('entering')
    expect(input.hasAttribute('aria-invalid')).toBe(false)
    expect(screen.getByRole('status').textContent).toBe('Code sent to ada@example.com.')

    fireEvent.click(screen.getByText('Verify'))
    expect(screen.getByRole('alert').textContent).toBe('6 Ziffern, bitte.')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(input.getAttribute('aria-describedby')).toBe(screen.getByRole('alert').id)
  })
})

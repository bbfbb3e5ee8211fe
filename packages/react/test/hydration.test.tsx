import { createControllableClient, flushRequests } from '@passage-otp/core/testing'
import { act, fireEvent, screen } from '@testing-library/react'
// The browser build: the Node one needs Node streams, which a DOM test environment lacks.
import { renderToString } from 'react-dom/server.browser'
import { afterEach, expect, test, vi } from 'vitest'
import { LoginScreen } from './components'
import { describeEachReactMode } from './modes'

afterEach(() => {
  vi.restoreAllMocks()
})

// What React logged, less one React 18 warning that only a DOM test environment causes: here
// `document` exists when @xstate/react is imported, so it picks `useLayoutEffect`, and React 18's
// server renderer warns about it. On a real server there is no `document` and no warning (see
// ssr.test.tsx, which runs in Node).
function reactErrors(spy: { mock: { calls: unknown[][] } }) {
  return spy.mock.calls
    .map((call) => String(call[0]))
    .filter((message) => !message.includes('useLayoutEffect does nothing on the server'))
}

describeEachReactMode('hydrating server-rendered markup', ({ render }) => {
  test('hydrates without a mismatch, then the flow starts and sends one request', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const server = createControllableClient()
    const options = { input: { identifier: 'ada@example.com' } }
    const html = renderToString(<LoginScreen options={{ ...options, client: server.client }} />)
    const container = document.createElement('div')
    container.innerHTML = html
    document.body.append(container)

    const browser = createControllableClient()
    render(<LoginScreen options={{ ...options, client: browser.client }} />, {
      container,
      hydrate: true,
    })
    expect(reactErrors(errors)).toEqual([])
    expect(screen.getByTestId('flow').dataset.step).toBe('idle')
    expect(screen.getByLabelText('Email or phone')).toHaveProperty('value', 'ada@example.com')

    fireEvent.submit(screen.getByRole('form', { name: 'Sign in' }))
    expect(screen.getByTestId('flow').dataset.step).toBe('requesting')
    await act(async () => {
      browser.resolve('requestLoginOtp', { otpId: 'otp-1' })
      await flushRequests()
    })
    expect(screen.getByTestId('flow').dataset.step).toBe('awaitingCode')
    expect(server.calls).toHaveLength(0)
    expect(browser.calls).toHaveLength(1)
    expect(reactErrors(errors)).toEqual([])
  })
})

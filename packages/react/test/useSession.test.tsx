// @vitest-environment happy-dom
import { createMemoryTokenStore, type Session, type SessionOptions } from '@passage-otp/core'
import { createTestAuthResult, createTestSession } from '@passage-otp/core/testing'
import { act, cleanup, render, screen } from '@testing-library/react'
import { type ReactElement, StrictMode } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { useSession } from '../src'

const sessions: Session[] = []
const channels: BroadcastChannel[] = []
afterEach(() => {
  cleanup()
  for (const session of sessions.splice(0)) session.destroy()
  for (const channel of channels.splice(0)) channel.close()
})

function startSession(options: Partial<SessionOptions> = {}) {
  const session = createTestSession(options)
  sessions.push(session)
  return session
}

let renders = 0
function Account({ session }: { session: Session }) {
  renders += 1
  const { status, user, error, signOut } = useSession(session)
  return (
    <div>
      <p data-testid="status">{status}</p>
      <p data-testid="user">{user?.sub ?? 'nobody'}</p>
      <p data-testid="error">{error?.kind ?? 'none'}</p>
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </div>
  )
}

const text = (id: string) => screen.getByTestId(id).textContent

const modes: [string, (ui: ReactElement) => ReactElement][] = [
  ['normal mode', (ui) => ui],
  ['StrictMode', (ui) => <StrictMode>{ui}</StrictMode>],
]

describe.each(modes)('useSession in %s', (_, wrap) => {
  test('shows the status and the user, and follows sign-in and sign-out', async () => {
    const session = startSession()
    render(wrap(<Account session={session} />))
    expect(text('status')).toBe('signedOut')
    expect(text('user')).toBe('nobody')

    await act(() => session.signIn(createTestAuthResult('ada')))
    expect(text('status')).toBe('signedIn')
    expect(text('user')).toBe('ada')

    await act(async () => screen.getByRole('button', { name: 'Sign out' }).click())
    expect(text('status')).toBe('signedOut')
    expect(text('user')).toBe('nobody')
    expect(session.getSnapshot().status).toBe('signedOut')
  })

  test('starts signed in from a store that already holds a session', () => {
    const store = createMemoryTokenStore(createTestAuthResult('grace'))
    render(wrap(<Account session={startSession({ store })} />))
    expect(text('status')).toBe('signedIn')
    expect(text('user')).toBe('grace')
  })

  test('follows a sign-out in another tab', async () => {
    const name = `passage-otp:react-test:${Math.random()}`
    const pair = [new BroadcastChannel(name), new BroadcastChannel(name)]
    channels.push(...pair)
    const store = createMemoryTokenStore(createTestAuthResult('ada'))
    const here = startSession({ store, channel: pair[0] })
    const otherTab = startSession({ store, channel: pair[1] })
    render(wrap(<Account session={here} />))
    expect(text('user')).toBe('ada')

    await act(() => otherTab.signOut())
    await vi.waitFor(() => expect(text('status')).toBe('signedOut'), { timeout: 10_000 })
    expect(text('user')).toBe('nobody')
  })
})

test('renders once per change, and not at all after unmount', async () => {
  const session = startSession()
  renders = 0
  const view = render(<Account session={session} />)
  expect(renders).toBe(1)
  await act(() => session.signIn(createTestAuthResult('ada')))
  expect(renders).toBe(2)
  await act(() => session.refresh())
  expect(text('user')).toBe('test-user')
  const afterRefresh = renders

  view.unmount()
  await session.signOut()
  expect(session.getSnapshot().status).toBe('signedOut')
  expect(renders).toBe(afterRefresh)
})

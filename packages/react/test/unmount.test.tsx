import type { AuthResult, OtpSent, PassageOtpClient, RequestOptions } from '@passage-otp/core'
import { createControllableClient, flushRequests, testAuthResult } from '@passage-otp/core/testing'
import { act, fireEvent, screen } from '@testing-library/react'
import { expect, test, vi } from 'vitest'
import { actorOf, createActorHandle, LoginScreen } from './components'
import { describeEachReactMode } from './modes'

function submitIdentifier() {
  fireEvent.change(screen.getByLabelText('Email or phone'), {
    target: { value: 'ada@example.com' },
  })
  fireEvent.submit(screen.getByRole('form', { name: 'Sign in' }))
}

function submitCode() {
  fireEvent.change(screen.getByLabelText('One-time code'), { target: { value: '123 456' } })
  fireEvent.submit(screen.getByRole('form', { name: 'Enter the code' }))
}

/** A server that answers even after the request was aborted: the answer must be dropped. */
function createLateAnsweringClient() {
  const answers: { name: string; signal?: AbortSignal; answer(value: unknown): void }[] = []
  const call =
    <T,>(name: string) =>
    (_input: unknown, options?: RequestOptions) =>
      new Promise<T>((resolve) => {
        answers.push({ name, signal: options?.signal, answer: (value) => resolve(value as T) })
      })
  const client: PassageOtpClient = {
    ...createControllableClient('late-app').client,
    requestLoginOtp: call<OtpSent>('requestLoginOtp'),
    requestRegisterOtp: call<OtpSent>('requestRegisterOtp'),
    activateOtp: call<AuthResult>('activateOtp'),
  }
  return { client, answers }
}

describeEachReactMode('unmounting mid-request', ({ render }) => {
  test('aborts the code request, and nothing is applied afterwards', async () => {
    const controllable = createControllableClient()
    const handle = createActorHandle()
    const { unmount, container } = render(
      <LoginScreen options={{ client: controllable.client }} handle={handle} />,
    )
    const actorRef = actorOf(handle)
    submitIdentifier()
    const [request] = controllable.calls
    expect(request?.name).toBe('requestLoginOtp')
    expect(request?.signal?.aborted).toBe(false)

    unmount()
    expect(request?.signal?.aborted).toBe(true)
    expect(controllable.pending()).toEqual([])
    expect(() => controllable.resolve('requestLoginOtp', { otpId: 'too-late' })).toThrow(
      'No requestLoginOtp request is waiting',
    )
    await act(async () => {
      await flushRequests()
    })
    expect(actorRef.getSnapshot().context.otpId).toBeNull()
    expect(actorRef.getSnapshot().value).toEqual({ requesting: 'login' })
    expect(container.innerHTML).toBe('')
    expect(controllable.calls).toHaveLength(1)
  })

  test('a response that arrives after unmount changes nothing', async () => {
    const server = createLateAnsweringClient()
    const handle = createActorHandle()
    const { unmount } = render(<LoginScreen options={{ client: server.client }} handle={handle} />)
    const actorRef = actorOf(handle)
    const authenticated = vi.fn()
    actorRef.on('authenticated', authenticated)

    submitIdentifier()
    await act(async () => {
      server.answers[0]?.answer({ otpId: 'otp-1' })
      await flushRequests()
    })
    submitCode()
    expect(screen.getByTestId('flow').dataset.step).toBe('activating')
    const activation = server.answers[1]
    expect(activation?.name).toBe('activateOtp')

    unmount()
    expect(activation?.signal?.aborted).toBe(true)
    const before = actorRef.getSnapshot()
    const changes = vi.fn()
    actorRef.subscribe(changes)
    activation?.answer(testAuthResult)
    await act(async () => {
      await flushRequests()
    })
    expect(actorRef.getSnapshot()).toBe(before)
    expect(actorRef.getSnapshot().context.authResult).toBeNull()
    expect(changes).not.toHaveBeenCalled()
    expect(authenticated).not.toHaveBeenCalled()
    expect(server.answers).toHaveLength(2)
  })
})

import { getCodeInputProps, normalizeCode } from '@passage-otp/core'
import { type UseOtpAuthResult, useOtpAuth } from '@passage-otp/react'
import { type FormEvent, useState } from 'react'

const codeInputProps = getCodeInputProps()

/** The login screen: one OTP flow against the dev server started by `pnpm dev`. */
export function LoginScreen() {
  const flow = useOtpAuth({ appId: 'demo', baseURL: 'http://127.0.0.1:8787/v1' })
  return <OtpForm flow={flow} />
}

/** What the person sees at each step of the flow. */
export function OtpForm({ flow }: { flow: UseOtpAuthResult }) {
  const [identifier, setIdentifier] = useState('')
  const [code, setCode] = useState('')
  const { step, error } = flow
  // A resend (`isResending`) stays on the code form.
  const onCodeForm = step === 'awaitingCode' || step === 'activating' || flow.isResending

  function submitIdentifier(event: FormEvent) {
    event.preventDefault()
    flow.submitIdentifier(identifier, { intent: 'auto' })
  }

  function submitCode(event: FormEvent) {
    event.preventDefault()
    flow.submitCode(code)
  }

  if (step === 'authenticated') {
    return (
      <section>
        <h1>Signed in</h1>
        <button type="button" onClick={() => flow.reset()}>
          Sign out
        </button>
      </section>
    )
  }

  if (step === 'error') {
    return (
      <section>
        <h1>Something went wrong</h1>
        <p role="alert">{error?.message}</p>
        <button type="button" onClick={() => flow.retry()} disabled={!flow.canRetry}>
          {flow.secondsUntilRetry > 0 ? `Try again in ${flow.secondsUntilRetry} s` : 'Try again'}
        </button>
        <button type="button" onClick={() => flow.changeIdentifier()}>
          Use another email or phone
        </button>
      </section>
    )
  }

  if (onCodeForm) {
    return (
      <form onSubmit={submitCode}>
        <h1>Enter your code</h1>
        <p>We sent a code to {flow.identifier}.</p>
        <label>
          Code
          <input
            {...codeInputProps}
            value={code}
            onChange={(event) => setCode(normalizeCode(event.target.value))}
          />
        </label>
        {error && <p role="alert">{error.message}</p>}
        <button type="submit" disabled={flow.isBusy || flow.isLocked || flow.isCodeExpired}>
          Verify
        </button>
        <button type="button" onClick={() => flow.resend()} disabled={!flow.canResend}>
          {flow.secondsUntilResend > 0 ? `Resend in ${flow.secondsUntilResend} s` : 'Resend code'}
        </button>
        <button type="button" onClick={() => flow.changeIdentifier()}>
          Use another email or phone
        </button>
      </form>
    )
  }

  return (
    <form onSubmit={submitIdentifier}>
      <h1>Sign in</h1>
      <label>
        Email or phone
        <input
          type="text"
          autoComplete="username"
          value={identifier}
          onChange={(event) => setIdentifier(event.target.value)}
        />
      </label>
      {error && <p role="alert">{error.message}</p>}
      <button type="submit" disabled={flow.isBusy}>
        {flow.isBusy ? 'Sending…' : 'Send code'}
      </button>
      {flow.isBusy && (
        <button type="button" onClick={() => flow.cancel()}>
          Cancel
        </button>
      )}
    </form>
  )
}

import { getCodeInputProps, normalizeCode, normalizeIdentifier } from '@passage-otp/core'
import { useOtpAuthContext } from '@passage-otp/react'
import { type ClipboardEvent, type FormEvent, type KeyboardEvent, useState } from 'react'
import {
  changeIdentifierLabel,
  codeHeading,
  codeSentText,
  errorMessage,
  resendCountdownText,
  resendErrorText,
} from '../../shared/ui'

export function CodeForm() {
  const auth = useOtpAuthContext()
  const [code, setCode] = useState('')
  // A new code was sent: start with an empty field.
  const [codeSentAt, setCodeSentAt] = useState(auth.codeExpiresAt)
  if (codeSentAt !== auth.codeExpiresAt) {
    setCodeSentAt(auth.codeExpiresAt)
    setCode('')
  }

  const blocked = auth.isLocked || auth.isCodeExpired
  const error = auth.isBusy ? null : auth.error
  const resendError = auth.isBusy ? null : auth.resendError
  const seconds = auth.secondsUntilResend
  const codeInputProps = getCodeInputProps(auth.codeLength)
  const channel = normalizeIdentifier(auth.identifier)?.channel

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!auth.isBusy && !blocked) auth.submitCode(code)
  }

  function cancelOnEscape(event: KeyboardEvent) {
    if (event.key === 'Escape' && auth.isBusy) auth.cancel()
  }

  // A pasted "123 456" or "123-456" replaces the field with its digits.
  function pasteCode(event: ClipboardEvent<HTMLInputElement>) {
    const pasted = normalizeCode(event.clipboardData.getData('text'))
    if (!pasted) return
    event.preventDefault()
    setCode(pasted)
  }

  return (
    <form noValidate onSubmit={submit} onKeyDown={cancelOnEscape} aria-labelledby="form-heading">
      <h1
        id="form-heading"
        tabIndex={-1}
        data-autofocus={blocked && !auth.canResend ? '' : undefined}
      >
        {codeHeading(channel)}
      </h1>
      <p className="lead">
        {codeSentText(auth.codeLength, auth.isResending)}
        <strong>{auth.identifier}</strong>.
      </p>

      <div className="field">
        <label htmlFor="code">Verification code</label>
        <input
          id="code"
          {...codeInputProps}
          className="code-input"
          value={code}
          onChange={(event) => setCode(normalizeCode(event.target.value))}
          onPaste={pasteCode}
          readOnly={auth.isBusy || blocked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'code-error' : undefined}
          data-autofocus={blocked ? undefined : ''}
        />
      </div>

      {error && (
        <p id="code-error" className="alert" role="alert">
          {errorMessage(error.kind, {
            attemptsRemaining: auth.attemptsRemaining,
            codeLength: auth.codeLength,
          })}
        </p>
      )}

      <div className="actions">
        {blocked ? (
          <button
            type="button"
            className="primary"
            onClick={auth.resend}
            disabled={!auth.canResend}
            data-autofocus={auth.canResend ? '' : undefined}
          >
            {auth.canResend ? 'Send a new code' : resendCountdownText(seconds)}
          </button>
        ) : (
          <button type="submit" className="primary" aria-disabled={auth.isBusy || undefined}>
            {auth.step === 'activating' ? (
              <>
                <span className="spinner" aria-hidden="true" />
                Verifying…
              </>
            ) : (
              'Verify'
            )}
          </button>
        )}
        {auth.isBusy && (
          <button type="button" onClick={auth.cancel}>
            Cancel
          </button>
        )}
      </div>

      {resendError && (
        <p className="alert" role="alert">
          {resendErrorText(resendError.kind, seconds)}
        </p>
      )}

      {!blocked && (
        <p className="resend">
          {auth.isResending ? (
            <>
              <span className="spinner" aria-hidden="true" />
              Sending a new code…
            </>
          ) : seconds > 0 ? (
            <>Didn't get a code? {resendCountdownText(seconds)}</>
          ) : auth.canResend ? (
            <>
              Didn't get a code?{' '}
              <button type="button" className="link" onClick={auth.resend}>
                Send a new code
              </button>
            </>
          ) : (
            <>&nbsp;</>
          )}
        </p>
      )}

      <p className="switch">
        <button
          type="button"
          className="link"
          onClick={auth.changeIdentifier}
          disabled={auth.isBusy}
        >
          {changeIdentifierLabel(channel)}
        </button>
      </p>
    </form>
  )
}

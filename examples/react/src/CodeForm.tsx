import { normalizeCode } from '@passage-otp/core'
import { useOtpAuthContext } from '@passage-otp/react'
import { type ClipboardEvent, type FormEvent, type KeyboardEvent, useState } from 'react'
import {
  changeIdentifierLabel,
  codeHeading,
  codeSentText,
  resendCountdownText,
} from '../../shared/ui'

export function CodeForm() {
  const auth = useOtpAuthContext()
  const { ui } = auth
  const { resend } = ui.offers
  const [code, setCode] = useState('')
  // A new code was sent: start with an empty field.
  const [codeSentAt, setCodeSentAt] = useState(auth.codeExpiresAt)
  if (codeSentAt !== auth.codeExpiresAt) {
    setCodeSentAt(auth.codeExpiresAt)
    setCode('')
  }
  const autofocus = (target: typeof ui.focus) => (ui.focus === target ? '' : undefined)

  function submit(event: FormEvent) {
    event.preventDefault()
    if (ui.offers.verify && !auth.isBusy) auth.submitCode(code)
  }

  function cancelOnEscape(event: KeyboardEvent) {
    if (event.key === 'Escape' && ui.offers.cancel) auth.cancel()
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
      <h1 id="form-heading" tabIndex={-1} data-autofocus={autofocus('heading')}>
        {codeHeading(ui.channel)}
      </h1>
      <p className="lead">
        {codeSentText(auth.codeLength, auth.isResending)}
        <strong>{auth.identifier}</strong>.
      </p>
      {ui.notice && <p className="notice">{ui.notice}</p>}

      <div className="field">
        <label htmlFor="code">Verification code</label>
        <input
          id="code"
          {...ui.codeInputProps}
          className="code-input"
          value={code}
          onChange={(event) => setCode(normalizeCode(event.target.value))}
          onPaste={pasteCode}
          data-autofocus={autofocus('code')}
        />
      </div>

      {ui.alert && (
        <p className="alert" {...ui.alert.props}>
          {ui.alert.text}
        </p>
      )}

      <div className="actions">
        {ui.offers.verify ? (
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
        ) : (
          <button
            type="button"
            className="primary"
            onClick={auth.resend}
            disabled={!resend.enabled}
            data-autofocus={autofocus('resend')}
          >
            {resend.enabled ? 'Send a new code' : resendCountdownText(resend.secondsLeft)}
          </button>
        )}
        {ui.offers.cancel && (
          <button type="button" onClick={auth.cancel}>
            Cancel
          </button>
        )}
      </div>

      {ui.resendAlert && (
        <p className="alert" {...ui.resendAlert.props}>
          {ui.resendAlert.text}
        </p>
      )}

      {ui.offers.verify && (
        <p className="resend">
          {auth.isResending ? (
            <>
              <span className="spinner" aria-hidden="true" />
              Sending a new code…
            </>
          ) : resend.secondsLeft > 0 ? (
            <>Didn't get a code? {resendCountdownText(resend.secondsLeft)}</>
          ) : resend.enabled ? (
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
          disabled={!ui.offers.changeIdentifier.enabled}
        >
          {changeIdentifierLabel(ui.channel)}
        </button>
      </p>
    </form>
  )
}

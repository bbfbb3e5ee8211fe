import { isRetryableError, normalizeIdentifier } from '@passage-otp/core'
import { useOtpAuthContext } from '@passage-otp/react'
import { useState } from 'react'
import { changeIdentifierLabel, errorMessage, errorTitle, type Intent } from '../../shared/ui'

export function ErrorPanel({ onIntentChange }: { onIntentChange(intent: Intent): void }) {
  const auth = useOtpAuthContext()
  const kind = auth.error?.kind ?? 'server'
  // Whether "Try again" can help is the core's rule; the button waits for `canRetry`.
  const retryable = auth.error !== null && isRetryableError(auth.error)
  // The alert says once when to try again; the button below counts down.
  const [retryIn] = useState(auth.secondsUntilRetry)

  function switchIntent(intent: Intent) {
    onIntentChange(intent)
    auth.changeIdentifier()
    auth.submitIdentifier(auth.identifier, { intent })
  }

  return (
    <section aria-labelledby="error-heading">
      <div className="status-icon warning" aria-hidden="true">
        !
      </div>
      <h1 id="error-heading" tabIndex={-1} data-autofocus>
        {errorTitle(kind, auth.failedStep, retryable)}
      </h1>
      <p className="alert" role="alert">
        {errorMessage(kind, { secondsUntilRetry: retryIn })}
      </p>
      <div className="actions">
        {kind === 'user_not_found' && (
          <button type="button" className="primary" onClick={() => switchIntent('register')}>
            Sign up instead
          </button>
        )}
        {kind === 'user_exists' && (
          <button type="button" className="primary" onClick={() => switchIntent('login')}>
            Log in instead
          </button>
        )}
        {retryable && (
          <button type="button" className="primary" onClick={auth.retry} disabled={!auth.canRetry}>
            {auth.secondsUntilRetry > 0 ? `Try again in ${auth.secondsUntilRetry} s` : 'Try again'}
          </button>
        )}
        <button type="button" onClick={auth.changeIdentifier}>
          {changeIdentifierLabel(normalizeIdentifier(auth.identifier)?.channel)}
        </button>
      </div>
    </section>
  )
}

import { useOtpAuthContext } from '@passage-otp/react'
import { changeIdentifierLabel, type Intent } from '../../shared/ui'

export function ErrorPanel({ onIntentChange }: { onIntentChange(intent: Intent): void }) {
  const auth = useOtpAuthContext()
  const { ui } = auth
  const { retry, switchIntent } = ui.offers

  function switchTo(intent: Intent) {
    onIntentChange(intent)
    auth.switchIntent(intent)
  }

  return (
    <section aria-labelledby="error-heading">
      <div className="status-icon warning" aria-hidden="true">
        !
      </div>
      <h1 id="error-heading" tabIndex={-1} data-autofocus>
        {ui.title}
      </h1>
      {ui.alert && (
        <p className="alert" {...ui.alert.props}>
          {ui.alert.text}
        </p>
      )}
      <div className="actions">
        {switchIntent && (
          <button type="button" className="primary" onClick={() => switchTo(switchIntent)}>
            {switchIntent === 'register' ? 'Sign up instead' : 'Log in instead'}
          </button>
        )}
        {retry.shown && (
          <button type="button" className="primary" onClick={auth.retry} disabled={!retry.enabled}>
            {retry.secondsLeft > 0 ? `Try again in ${retry.secondsLeft} s` : 'Try again'}
          </button>
        )}
        <button type="button" onClick={auth.changeIdentifier}>
          {changeIdentifierLabel(ui.channel)}
        </button>
      </div>
    </section>
  )
}

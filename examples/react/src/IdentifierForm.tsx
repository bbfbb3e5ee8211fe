import { useOtpAuthContext } from '@passage-otp/react'
import { type FormEvent, type KeyboardEvent, useState } from 'react'
import { headingFor, type Intent, intentOptions } from '../../shared/ui'

interface IdentifierFormProps {
  intent: Intent
  onIntentChange(intent: Intent): void
}

export function IdentifierForm({ intent, onIntentChange }: IdentifierFormProps) {
  const auth = useOtpAuthContext()
  const { ui } = auth
  const [identifier, setIdentifier] = useState(auth.identifier)

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!auth.isBusy) auth.submitIdentifier(identifier, { intent })
  }

  function cancelOnEscape(event: KeyboardEvent) {
    if (event.key === 'Escape' && ui.offers.cancel) auth.cancel()
  }

  return (
    <form noValidate onSubmit={submit} onKeyDown={cancelOnEscape} aria-labelledby="form-heading">
      <h1 id="form-heading" tabIndex={-1}>
        {headingFor(intent)}
      </h1>
      <p className="lead">We'll send you a one-time code. No password needed.</p>

      <fieldset className="segmented" disabled={auth.isBusy}>
        <legend>I want to</legend>
        <div className="segmented-options">
          {intentOptions.map((option) => (
            <label key={option.value}>
              <input
                type="radio"
                name="intent"
                value={option.value}
                checked={intent === option.value}
                onChange={() => onIntentChange(option.value)}
              />
              {option.label}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="field">
        <label htmlFor="identifier">Email or phone number</label>
        <input
          id="identifier"
          name="identifier"
          type="text"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="off"
          spellCheck={false}
          value={identifier}
          onChange={(event) => setIdentifier(event.target.value)}
          {...ui.identifierInputProps}
          aria-describedby={ui.alert ? `identifier-hint ${ui.alert.props.id}` : 'identifier-hint'}
          data-autofocus
        />
        <p id="identifier-hint" className="hint">
          For a phone number, start with the country code, like +1.
        </p>
      </div>

      {ui.alert && (
        <p className="alert" {...ui.alert.props}>
          {ui.alert.text}
        </p>
      )}

      <div className="actions">
        <button type="submit" className="primary" aria-disabled={auth.isBusy || undefined}>
          {auth.isBusy ? (
            <>
              <span className="spinner" aria-hidden="true" />
              Sending code…
            </>
          ) : (
            'Send code'
          )}
        </button>
        {ui.offers.cancel && (
          <button type="button" onClick={auth.cancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  )
}

import { decodeJwtClaims } from '@passage-otp/core'
import { useOtpAuthContext } from '@passage-otp/react'
import { Fragment } from 'react'
import { formatClaim, restoredHint } from '../../shared/ui'

export function SignedIn() {
  const { authResult, identifier, reset } = useOtpAuthContext()
  const claims = authResult ? decodeJwtClaims(authResult.authToken) : null

  return (
    <section aria-labelledby="signed-in-heading">
      <div className="status-icon success" aria-hidden="true">
        ✓
      </div>
      <h1 id="signed-in-heading" tabIndex={-1} data-autofocus>
        You're signed in
      </h1>
      <p className="lead">
        Signed in as <strong>{identifier}</strong>.
      </p>

      {authResult ? (
        <>
          <h2 id="claims-heading">Token claims</h2>
          {claims ? (
            <dl className="claims" aria-labelledby="claims-heading">
              {Object.entries(claims).map(([name, value]) => (
                <Fragment key={name}>
                  <dt>{name}</dt>
                  <dd data-claim={name}>{formatClaim(name, value)}</dd>
                </Fragment>
              ))}
            </dl>
          ) : (
            <p className="hint">The auth token could not be decoded.</p>
          )}

          <h2 id="redirect-heading">Next</h2>
          <dl className="claims" aria-labelledby="redirect-heading">
            <dt>redirect_url</dt>
            <dd data-claim="redirect_url">{authResult.redirectUrl}</dd>
          </dl>
          <p className="hint">
            Decoded for display only: your backend verifies the token. A real app would now go to
            redirect_url.
          </p>
        </>
      ) : (
        <p className="hint" data-restored="">
          {restoredHint}
        </p>
      )}

      <div className="actions">
        <button type="button" className="primary" onClick={reset}>
          Sign out
        </button>
      </div>
    </section>
  )
}

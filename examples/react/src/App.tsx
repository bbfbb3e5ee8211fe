import { createFlowPersistence, createWebOtpReader } from '@passage-otp/core'
import { OtpAuthProvider, type UseOtpAuthOptions, useOtpAuthContext } from '@passage-otp/react'
import { useEffect, useRef, useState } from 'react'
import { devInboxUrl, type ExampleConfig, flowOptions } from '../../shared/config'
import { type Intent, inspectorNote, messages, pageTitle } from '../../shared/ui'
import { CodeForm } from './CodeForm'
import { ErrorPanel } from './ErrorPanel'
import { IdentifierForm } from './IdentifierForm'
import { SignedIn } from './SignedIn'

interface AppProps {
  config: ExampleConfig
  inspect?: UseOtpAuthOptions['inspect']
}

export function App({ config, inspect }: AppProps) {
  // Read once by the provider: a reload restores the saved step from this tab's sessionStorage.
  const [options] = useState(() => ({
    ...flowOptions(config, {
      persist: createFlowPersistence({ storage: sessionStorage }),
      webOtp: createWebOtpReader(),
    }),
    messages,
    inspect,
  }))
  return (
    <div className="page">
      <header className="brand">
        <span className="brand-mark" aria-hidden="true">
          A
        </span>
        Acme
        <span className="badge">React example</span>
      </header>
      <OtpAuthProvider options={options}>
        <AuthCard />
      </OtpAuthProvider>
      <DevNote config={config} />
    </div>
  )
}

function AuthCard() {
  const { step, isBusy, error, codeExpiresAt, intent: flowIntent, ui } = useOtpAuthContext()
  const [intent, setIntent] = useState<Intent>('login')
  const { screen } = ui
  useEffect(() => {
    document.title = pageTitle(screen, 'React')
  }, [screen])
  // A flow restored after a reload keeps its intent for when the person changes the identifier.
  useEffect(() => {
    if (screen === 'code' || screen === 'signedIn') setIntent(flowIntent)
  }, [screen, flowIntent])
  const cardRef = useRef<HTMLElement>(null)
  // A new screen or a new code moves focus to the screen's first control; so does a new error.
  const focusKey = screen === 'code' ? `code:${codeExpiresAt}` : screen
  const lastFocusKey = useRef<string | null>(null)
  useEffect(() => {
    if (focusKey === lastFocusKey.current && !error) return
    lastFocusKey.current = focusKey
    const target = cardRef.current?.querySelector<HTMLElement>('[data-autofocus]')
    target?.focus()
    if (error && target instanceof HTMLInputElement) target.select()
  }, [focusKey, error])

  return (
    <>
      <main ref={cardRef} className="card" data-step={step} aria-busy={isBusy}>
        {screen === 'identifier' && <IdentifierForm intent={intent} onIntentChange={setIntent} />}
        {screen === 'code' && <CodeForm />}
        {screen === 'error' && <ErrorPanel onIntentChange={setIntent} />}
        {screen === 'signedIn' && <SignedIn />}
      </main>
      {/* Outside the card: a busy region's updates may wait until it is no longer busy. */}
      <p className="sr-only" {...ui.status.props}>
        {ui.status.text}
      </p>
    </>
  )
}

function DevNote({ config }: { config: ExampleConfig }) {
  const inbox = devInboxUrl(config.baseURL)
  return (
    <footer className="dev-note">
      API <code>{config.baseURL}</code>, app <code>{config.appId}</code>.{' '}
      {inbox && (
        <>
          Codes appear in the dev server's terminal and its{' '}
          <a href={inbox} target="_blank" rel="noreferrer">
            inbox
          </a>
          .
        </>
      )}{' '}
      {inspectorNote(config.inspect).map((part, index) =>
        part.code ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence
          <code key={index} className="query">
            {part.text}
          </code>
        ) : (
          part.text
        ),
      )}
    </footer>
  )
}

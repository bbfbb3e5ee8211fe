// Screens the tests render. Plain React: no Testing Library, so server rendering can use them.
import { getCodeInputProps, normalizeCode } from '@passage-otp/core'
import { type FormEvent, useEffect } from 'react'
import {
  type OtpAuthActorRef,
  type UseOtpAuthOptions,
  type UseOtpAuthResult,
  useOtpAuth,
  useOtpAuthContext,
} from '../src'

/** Where a test reads the running actor of a rendered flow. */
export interface ActorHandle {
  current: OtpAuthActorRef | null
}

export function createActorHandle(): ActorHandle {
  return { current: null }
}

/** The actor a component rendered, once its effects ran. */
export function actorOf(handle: ActorHandle): OtpAuthActorRef {
  if (!handle.current) throw new Error('The flow has not been mounted.')
  return handle.current
}

/** Hands the hook's actor to the test once mounted. */
function useExposeActor(flow: UseOtpAuthResult, handle: ActorHandle | undefined) {
  useEffect(() => {
    if (handle) handle.current = flow.actorRef
  }, [handle, flow.actorRef])
}

/** What a screen shows of the flow, written to data attributes the tests read back. */
export function FlowView({ flow, testId = 'flow' }: { flow: UseOtpAuthResult; testId?: string }) {
  return (
    <output
      data-testid={testId}
      data-step={flow.step}
      data-state={JSON.stringify(flow.state)}
      data-error={flow.error?.kind ?? 'none'}
      data-resend-error={flow.resendError?.kind ?? 'none'}
      data-can-resend={String(flow.canResend)}
      data-can-retry={String(flow.canRetry)}
      data-busy={String(flow.isBusy)}
      data-locked={String(flow.isLocked)}
      data-code-expired={String(flow.isCodeExpired)}
      data-attempts-remaining={flow.attemptsRemaining}
      data-seconds-until-resend={flow.secondsUntilResend}
      data-seconds-until-retry={flow.secondsUntilRetry}
    >
      {flow.step}
    </output>
  )
}

export interface ScreenProps {
  options: UseOtpAuthOptions
  handle?: ActorHandle
}

/** The smallest screen on `useOtpAuth`: it shows the flow and keeps no timer of its own. */
export function FlowProbe({ options, handle }: ScreenProps) {
  const flow = useOtpAuth(options)
  useExposeActor(flow, handle)
  return <FlowView flow={flow} />
}

const fieldOf = (event: FormEvent<HTMLFormElement>, name: string) => {
  event.preventDefault()
  return String(new FormData(event.currentTarget).get(name) ?? '')
}

/** A login screen as a user would write it: uncontrolled fields, the hook's commands. */
export function LoginForms({ flow }: { flow: UseOtpAuthResult }) {
  if (flow.step === 'idle') {
    return (
      <form
        aria-label="Sign in"
        onSubmit={(event) => flow.submitIdentifier(fieldOf(event, 'identifier'))}
      >
        <input name="identifier" aria-label="Email or phone" defaultValue={flow.identifier} />
        <button type="submit">Send code</button>
      </form>
    )
  }
  if (flow.step === 'awaitingCode') {
    const codeInput = getCodeInputProps()
    return (
      <form
        aria-label="Enter the code"
        onSubmit={(event) => flow.submitCode(normalizeCode(fieldOf(event, codeInput.name)))}
      >
        <input {...codeInput} aria-label="One-time code" />
        <button type="submit">Sign in</button>
        <button type="button" onClick={flow.resend} disabled={!flow.canResend}>
          {flow.canResend ? 'Send a new code' : `New code in ${flow.secondsUntilResend} s`}
        </button>
      </form>
    )
  }
  return null
}

export function LoginScreen({
  options,
  handle,
  onRender,
}: ScreenProps & { onRender?(flow: UseOtpAuthResult): void }) {
  const flow = useOtpAuth(options)
  useExposeActor(flow, handle)
  onRender?.(flow)
  return (
    <main>
      <FlowView flow={flow} />
      <LoginForms flow={flow} />
    </main>
  )
}

/** A part of a screen under an `OtpAuthProvider`. */
export function SharedFlowView({ testId, handle }: { testId: string; handle?: ActorHandle }) {
  const flow = useOtpAuthContext()
  useExposeActor(flow, handle)
  return <FlowView flow={flow} testId={testId} />
}

export function SharedLoginForms() {
  return <LoginForms flow={useOtpAuthContext()} />
}

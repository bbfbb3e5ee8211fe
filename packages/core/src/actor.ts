import { type Actor, type ActorOptions, createActor, fromPromise } from 'xstate'
import {
  type ActivateOtpInput,
  type AuthResult,
  createPassageOtpClient,
  type OtpSent,
  type PassageOtpClient,
  type RequestOtpInput,
} from './client'
import { otpAuthMachine } from './machine'
import { type PersistOptions, persistOtpAuth } from './persistence'
import { type RedactOptions, redactInspector } from './redact'
import type { OtpAuthInput } from './types'
import { createWebOtpReader } from './web-otp'

export type OtpAuthClientOptions =
  | { client: PassageOtpClient }
  | { appId: string; baseURL?: string; timeoutMs?: number; fetch?: typeof globalThis.fetch }

export type OtpAuthLogicOptions = OtpAuthClientOptions & {
  /** Read the code from the SMS with the Web OTP API where the browser has it. Default `false`. */
  webOtp?: boolean
}

export type OtpAuthOptions = OtpAuthLogicOptions & {
  input?: OtpAuthInput
  /** An inspector such as `createBrowserInspector().inspect` from `@statelyai/inspect`. */
  inspect?: ActorOptions<typeof otpAuthMachine>['inspect']
  /**
   * What the inspector may see. Codes and tokens are always masked; pass
   * `{ identifiers: true }` to mask email addresses and phone numbers too.
   */
  redact?: RedactOptions
  /** Keep the flow across reloads in this storage (`sessionStorage`, AsyncStorage, …). */
  persist?: PersistOptions
}

// A request aborted because its actor stopped must not report back: when `@xstate/react` revives
// a stopped actor (StrictMode, `<Activity>`), the revived request sends again and answers instead.
const unlessAborted = <T>(signal: AbortSignal, request: Promise<T>) =>
  request.catch((error: unknown) => {
    if (signal.aborted) return new Promise<T>(() => {})
    throw error
  })

/** The machine with its requests bound to a Passage client. */
export function createOtpAuthLogic(options: OtpAuthLogicOptions) {
  const client = 'client' in options ? options.client : createPassageOtpClient(options)
  return otpAuthMachine.provide({
    actors: {
      requestLoginOtp: fromPromise<OtpSent, RequestOtpInput>(({ input, signal }) =>
        unlessAborted(signal, client.requestLoginOtp(input, { signal })),
      ),
      requestRegisterOtp: fromPromise<OtpSent, RequestOtpInput>(({ input, signal }) =>
        unlessAborted(signal, client.requestRegisterOtp(input, { signal })),
      ),
      activateOtp: fromPromise<AuthResult, ActivateOtpInput>(({ input, signal }) =>
        unlessAborted(signal, client.activateOtp(input, { signal })),
      ),
      ...(options.webOtp ? { readSmsCode: createWebOtpReader() } : {}),
    },
  })
}

export type OtpAuthLogic = ReturnType<typeof createOtpAuthLogic>
export type OtpAuthActor = Actor<OtpAuthLogic>

/** The actor options of a flow: its input and, if any, the inspector behind redaction. */
export function toOtpAuthActorOptions(options: OtpAuthOptions) {
  const { input, inspect, redact } = options
  return { input, ...(inspect ? { inspect: redactInspector(inspect, redact) } : {}) }
}

/** A ready-to-start actor for one OTP flow; with `persist`, it saves and restores itself. */
export function createOtpAuthActor(options: OtpAuthOptions): OtpAuthActor {
  const actor = createActor(createOtpAuthLogic(options), toOtpAuthActorOptions(options))
  // A restore sent before `start()` waits in the actor's mailbox until it starts.
  connectOtpAuth(actor, options)
  return actor
}

/**
 * Connects a running flow to what lives outside it (today: persistence, when `persist` is set).
 * Adapters call it when the component mounts; the returned function disconnects.
 */
export function connectOtpAuth(
  actor: Parameters<typeof persistOtpAuth>[0],
  options: OtpAuthOptions,
): () => void {
  return options.persist ? persistOtpAuth(actor, options.persist) : () => {}
}

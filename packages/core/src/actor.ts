import { type Actor, type ActorOptions, createActor, fromPromise } from 'xstate'
import {
  type ActivateOtpInput,
  type AuthResult,
  createPassageOtpClient,
  type OtpSent,
  type PassageOtpClient,
  type RequestOtpInput,
} from './client'
import { type OtpAuthInput, otpAuthMachine } from './machine'

export type OtpAuthClientOptions =
  | { client: PassageOtpClient }
  | { appId: string; baseURL?: string; timeoutMs?: number; fetch?: typeof globalThis.fetch }

export type OtpAuthOptions = OtpAuthClientOptions & {
  input?: OtpAuthInput
  /** An inspector such as `createBrowserInspector().inspect` from `@statelyai/inspect`. */
  inspect?: ActorOptions<typeof otpAuthMachine>['inspect']
}

/** The machine with its three requests bound to a Passage client. */
export function createOtpAuthLogic(options: OtpAuthClientOptions) {
  const client = 'client' in options ? options.client : createPassageOtpClient(options)
  return otpAuthMachine.provide({
    actors: {
      requestLoginOtp: fromPromise<OtpSent, RequestOtpInput>(({ input, signal }) =>
        client.requestLoginOtp(input, { signal }),
      ),
      requestRegisterOtp: fromPromise<OtpSent, RequestOtpInput>(({ input, signal }) =>
        client.requestRegisterOtp(input, { signal }),
      ),
      activateOtp: fromPromise<AuthResult, ActivateOtpInput>(({ input, signal }) =>
        client.activateOtp(input, { signal }),
      ),
    },
  })
}

export type OtpAuthLogic = ReturnType<typeof createOtpAuthLogic>
export type OtpAuthActor = Actor<OtpAuthLogic>

/** A ready-to-start actor for one OTP flow. Call `.start()` on it. */
export function createOtpAuthActor(options: OtpAuthOptions): OtpAuthActor {
  const { input, inspect } = options
  return createActor(createOtpAuthLogic(options), { input, ...(inspect ? { inspect } : {}) })
}

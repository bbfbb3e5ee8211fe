import { fromPromise, type PromiseActorLogic } from 'xstate'
import { normalizeIdentifier } from './identifier'
import type { SmsCodeRead } from './types'

interface OtpCredential {
  code?: string
}

interface WebOtpContainer {
  get(options: { otp: { transport: string[] }; signal: AbortSignal }): Promise<unknown>
}

/**
 * The Web OTP API (`navigator.credentials.get({ otp })`), where the browser has it.
 *
 * @example
 * ```ts
 * import { getWebOtpCredentials } from '@passage-otp/core'
 *
 * const smsAutofill = getWebOtpCredentials() !== null
 * ```
 */
export function getWebOtpCredentials(): WebOtpContainer | null {
  if (typeof globalThis === 'undefined' || !('OTPCredential' in globalThis)) return null
  const navigator = (globalThis as { navigator?: { credentials?: WebOtpContainer } }).navigator
  return navigator?.credentials ?? null
}

/** The reader `createOtpAuthActor({ webOtp })` takes: `webOtp: createWebOtpReader()`. */
export type WebOtpReader = PromiseActorLogic<SmsCodeRead, { identifier: string }>

// Waits for the person to type the code instead.
const never = () => new Promise<SmsCodeRead>(() => {})

/**
 * Reads the code of an incoming SMS through the Web OTP API while the code form is shown, and
 * resolves with `{ code }` (so an inspector sees it masked); the machine checks and activates it
 * like a typed code. Never answers for email identifiers or where the API is
 * missing; aborted as soon as the form is left, so StrictMode and cancel leave no request behind.
 * A refusal by the browser (the person dismissed the prompt) fails the actor, which the machine
 * reports as `smsAutofillFailed`.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, createWebOtpReader } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo', webOtp: createWebOtpReader() }).start()
 * ```
 */
export function createWebOtpReader(
  credentials: () => WebOtpContainer | null = getWebOtpCredentials,
): WebOtpReader {
  return fromPromise<SmsCodeRead, { identifier: string }>(async ({ input, signal }) => {
    const container = credentials()
    if (!container || normalizeIdentifier(input.identifier)?.channel !== 'sms') return never()
    try {
      const credential = await container.get({ otp: { transport: ['sms'] }, signal })
      const code = (credential as OtpCredential | null)?.code
      return code ? { code } : never()
    } catch (error) {
      if (signal.aborted) return never()
      throw error
    }
  })
}

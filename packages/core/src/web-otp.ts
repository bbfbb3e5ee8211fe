import { fromCallback } from 'xstate'
import { normalizeIdentifier } from './identifier'
import type { OtpAuthEvent } from './machine'

interface OtpCredential {
  code?: string
}

interface WebOtpContainer {
  get(options: { otp: { transport: string[] }; signal: AbortSignal }): Promise<unknown>
}

/** The Web OTP API (`navigator.credentials.get({ otp })`), where the browser has it. */
export function getWebOtpCredentials(): WebOtpContainer | null {
  if (typeof globalThis === 'undefined' || !('OTPCredential' in globalThis)) return null
  const navigator = (globalThis as { navigator?: { credentials?: WebOtpContainer } }).navigator
  return navigator?.credentials ?? null
}

/**
 * Reads the code of an incoming SMS through the Web OTP API while the code form is shown, and
 * submits it. Inert for email identifiers and where the API is missing; aborted as soon as the
 * form is left, so StrictMode and cancel leave no request behind.
 */
export function createWebOtpReader(
  credentials: () => WebOtpContainer | null = getWebOtpCredentials,
) {
  return fromCallback<OtpAuthEvent, { identifier: string }>(({ input, sendBack }) => {
    const container = credentials()
    if (!container || normalizeIdentifier(input.identifier)?.channel !== 'sms') return
    const controller = new AbortController()
    container
      .get({ otp: { transport: ['sms'] }, signal: controller.signal })
      .then((credential) => {
        const code = (credential as OtpCredential | null)?.code
        if (code && !controller.signal.aborted) sendBack({ type: 'code.submit', code })
      })
      // Dismissed, aborted or unsupported: the person types the code instead.
      .catch(() => {})
    return () => controller.abort()
  })
}

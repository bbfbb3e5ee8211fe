// The flow's data, in one module that imports no other: its settings, context, events, what it
// emits, and what survives a reload. The machine, persistence and selectors all read from here.
import type { AuthResult } from './client'
import type { OtpAuthError } from './errors'

/** What the person wants: log in, sign up, or "sign up or in" (`auto`). */
export type OtpIntent = 'login' | 'register' | 'auto'
/** Which endpoint sends the code; `auto` starts with login and may switch to register. */
export type OtpEndpoint = 'login' | 'register'
/** The request that failed, which `flow.retry` repeats. */
export type OtpFailedStep = 'requesting' | 'activating'

export interface OtpAuthSettings {
  /** How long a sent code is valid. Default 300 000 ms (Passage's default). */
  codeLifetimeMs: number
  /** How long after a send before `code.resend` is allowed. Default 30 000 ms. */
  resendCooldownMs: number
  /** Wrong codes allowed per sent code before only a resend helps. Default 5. */
  maxAttempts: number
  /** Digits in a code. Default 6. */
  codeLength: number
  /** The intent used when `identifier.submit` names none. Default `login`. */
  intent: OtpIntent
  /** Language of the messages, such as `de`; the app default when left out. */
  language?: string
}

export type OtpAuthInput = Partial<OtpAuthSettings> & {
  /** Prefills the identifier form. */
  identifier?: string
}

export interface OtpAuthContext {
  settings: OtpAuthSettings
  /** As typed while invalid; normalised once accepted. */
  identifier: string
  intent: OtpIntent
  endpoint: OtpEndpoint
  language: string | undefined
  otpId: string | null
  /** Epoch ms after which the sent code no longer works. */
  codeExpiresAt: number | null
  /** Epoch ms from which a new code may be requested. */
  resendAvailableAt: number | null
  /** Codes tried against the current `otpId`. */
  attempts: number
  /** New codes sent by `code.resend` for this identifier (0 after the first send or a reload). */
  resendCount: number
  /**
   * The code being activated, kept only while its request runs and, after a failure that a
   * retry can mend, in `error` for `flow.retry`. Never persisted.
   */
  code: string | null
  error: OtpAuthError | null
  /** Why the last `code.resend` failed, shown beside the code form; the sent code still works. */
  resendError: OtpAuthError | null
  failedStep: OtpFailedStep | null
  /** Epoch ms before which `flow.retry` is refused (a rate limit's `Retry-After`). */
  retryAvailableAt: number | null
  authResult: AuthResult | null
}

/** What survives a reload: the code step or the signed-in step, never a code or a token. */
export type SavedOtpFlow =
  | {
      version: 1
      step: 'awaitingCode'
      identifier: string
      intent: OtpIntent
      endpoint: OtpEndpoint
      language?: string
      otpId: string
      codeExpiresAt: number
      resendAvailableAt: number
      attempts: number
      locked: boolean
    }
  | {
      version: 1
      step: 'authenticated'
      identifier: string
      intent: OtpIntent
      endpoint: OtpEndpoint
      language?: string
    }

export type OtpAuthEvent =
  | { type: 'identifier.submit'; identifier: string; intent?: OtpIntent; language?: string }
  | { type: 'identifier.change' }
  | { type: 'code.submit'; code: string }
  | { type: 'code.resend' }
  | { type: 'flow.cancel' }
  | { type: 'flow.retry' }
  | { type: 'flow.reset' }
  | { type: 'flow.restore'; saved: SavedOtpFlow }

export type OtpAuthEmitted =
  | { type: 'authenticated'; authResult: AuthResult }
  | { type: 'smsAutofillFailed'; error: unknown }

/** What an SMS reader (the `readSmsCode` actor) resolves with: the code, under a masked key. */
export interface SmsCodeRead {
  code: string
}

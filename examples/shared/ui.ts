// The words both examples share, so their pages read the same and one set of browser tests drives
// both. Words only: what a screen shows, offers and says comes from `@passage-otp/core` (the
// adapters' `ui`). Imports only its sibling files (this folder is no package, so it cannot resolve one).

import type { InspectMode } from './config'

export type Intent = 'login' | 'register' | 'auto'

/** The choices of the identifier form, in order. */
export const intentOptions: readonly { value: Intent; label: string; heading: string }[] = [
  { value: 'login', label: 'Log in', heading: 'Welcome back' },
  { value: 'register', label: 'Sign up', heading: 'Create your account' },
  { value: 'auto', label: 'Sign up or in', heading: 'Sign up or log in' },
]

export const headingFor = (intent: Intent) =>
  intentOptions.find((option) => option.value === intent)?.heading ?? 'Welcome'

/** The screens, as the core's `ui.screen` names them. */
export type Screen = 'identifier' | 'code' | 'error' | 'signedIn'

const screenTitles: Record<Screen, string> = {
  identifier: 'Sign in',
  code: 'Enter your code',
  error: 'Error',
  signedIn: 'Signed in',
}

/** The document title of a screen, so a tab (and a screen reader) names the step. */
export const pageTitle = (screen: Screen, example: string) =>
  `${screenTitles[screen]} · Acme (${example})`

/** A piece of a sentence, `code` when it is something to type (shown as code, unbroken). */
export interface TextPart {
  text: string
  code: boolean
}

/** The footer's word on watching the flow, with `?inspect…` as code. */
export const inspectorNote = (mode: InspectMode): TextPart[] =>
  inspectorSentence(mode)
    .split(/(\?inspect(?:=console)?)/)
    .map((text, index) => ({ text, code: index % 2 === 1 }))

/** The footer's word on watching the flow: the Stately inspector is a hosted page. */
function inspectorSentence(mode: InspectMode): string {
  if (mode === 'stately') {
    return 'Stately inspector on: it is a hosted page, so it needs the internet (allow pop-ups for this page). Offline, use ?inspect=console.'
  }
  if (mode === 'console') {
    return 'Console inspector on: each transition is printed in the browser console, codes and tokens masked.'
  }
  return 'Watch the flow: add ?inspect to the URL for the Stately inspector (online), or ?inspect=console for the browser console (offline).'
}

/** Where the code goes: the `ui.channel` of `@passage-otp/core`. */
export type Channel = 'email' | 'sms' | undefined

export const codeHeading = (channel: Channel) =>
  channel === 'sms' ? 'Check your phone' : 'Check your email'

export const changeIdentifierLabel = (channel: Channel) =>
  channel === 'sms' ? 'Use a different phone number' : 'Use a different email'

/** The code form's lead, before the identifier. */
export const codeSentText = (codeLength: number, isResending: boolean) =>
  isResending ? 'Sending a new code to ' : `We sent a ${codeLength}-digit code to `

export const resendCountdownText = (seconds: number) => `Resend code in ${seconds} s`

/**
 * This product's words for the core's messages (`messages` of `useOtpAuth` / `provideOtpAuth`);
 * the rest are the core's. Keyed by error kind, so an example fails to compile when the core
 * gains a kind that has no words here yet.
 */
export const messages = {
  errorMessages: {
    invalid_identifier:
      'Enter a valid email address, or a phone number with its country code, like +1.',
    user_not_found: 'There is no account for this email or phone number. Sign up to create one.',
    user_exists: 'An account already exists for this email or phone number. Log in instead.',
    invalid_code_format: 'Enter the code from the message we sent you.',
    invalid_or_expired_code: 'That code is wrong or has expired.',
    code_expired: 'This code has expired. Send a new code to continue.',
    too_many_attempts: 'Too many wrong codes. Send a new code to try again.',
    user_inactive: 'This account has been deactivated. Contact support to turn it back on.',
    rate_limited: 'Too many requests. Wait a moment, then try again.',
    network: 'We could not reach the server. Check your connection and try again.',
    timeout: 'The server did not answer in time. Try again.',
    server: 'Something went wrong on our side. Try again in a moment.',
    bad_response: 'We got an answer we could not read. Try again in a moment.',
  },
  enterCode: (codeLength: number) =>
    `Enter the ${codeLength}-digit code from the message we sent you.`,
}

const TIME_CLAIMS = new Set(['iat', 'exp', 'nbf', 'auth_time'])

/** A token claim as text; times (`iat`, `exp`, …) also as a readable date. */
export function formatClaim(name: string, value: unknown): string {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    return `${value} (${new Date(value * 1000).toLocaleString()})`
  }
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** The signed-in step after a reload: the step comes back, the token (never saved) does not. */
export const restoredHint =
  'Restored after a reload. Tokens are never saved with the flow, so there are no claims to ' +
  'show: a real app keeps its session (and refresh token) separately.'

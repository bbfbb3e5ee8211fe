// The words and small screen decisions both examples share, so their pages read the same and one
// set of browser tests drives both. Framework-free and import-free on purpose.

export type Intent = 'login' | 'register' | 'auto'

/** The choices of the identifier form, in order. */
export const intentOptions: readonly { value: Intent; label: string; heading: string }[] = [
  { value: 'login', label: 'Log in', heading: 'Welcome back' },
  { value: 'register', label: 'Sign up', heading: 'Create your account' },
  { value: 'auto', label: 'Sign up or in', heading: 'Sign up or log in' },
]

export const headingFor = (intent: Intent) =>
  intentOptions.find((option) => option.value === intent)?.heading ?? 'Welcome'

/** Which screen shows a step of the flow. */
export type Screen = 'identifier' | 'code' | 'error' | 'signedIn'

/**
 * `requesting` is the identifier form while a first code is sent, and stays on the code form
 * while a new code is sent (a code was already sent then, so `codeExpiresAt` is set).
 */
export function screenFor(step: string, codeExpiresAt: number | null): Screen {
  if (step === 'authenticated') return 'signedIn'
  if (step === 'error') return 'error'
  if (step === 'awaitingCode' || step === 'activating') return 'code'
  if (step === 'requesting' && codeExpiresAt !== null) return 'code'
  return 'identifier'
}

export const isPhone = (identifier: string) => identifier.trim().startsWith('+')

export const codeHeading = (identifier: string) =>
  isPhone(identifier) ? 'Check your phone' : 'Check your email'

export const changeIdentifierLabel = (identifier: string) =>
  isPhone(identifier) ? 'Use a different phone number' : 'Use a different email'

export const resendCountdownText = (seconds: number) => `Resend code in ${seconds} s`

export interface ErrorCopy {
  title: string
  message: string
}

/** Plain words for every error kind of `@passage-otp/core` (each example checks the keys). */
export const errorCopy = {
  invalid_identifier: {
    title: 'Check your email or phone number',
    message: 'Enter a valid email address, or a phone number with its country code, like +1.',
  },
  user_not_found: {
    title: 'No account yet',
    message: 'There is no account for this email or phone number. Sign up to create one.',
  },
  user_exists: {
    title: 'You already have an account',
    message: 'An account already exists for this email or phone number. Log in instead.',
  },
  invalid_code_format: {
    title: 'Check the code',
    message: 'Enter the 6-digit code from the message we sent you.',
  },
  invalid_or_expired_code: {
    title: 'That code did not work',
    message: 'That code is wrong or has expired.',
  },
  code_expired: {
    title: 'Your code has expired',
    message: 'This code has expired. Send a new code to continue.',
  },
  too_many_attempts: {
    title: 'Too many wrong codes',
    message: 'Too many wrong codes. Send a new code to try again.',
  },
  user_inactive: {
    title: 'Account deactivated',
    message: 'This account has been deactivated. Contact support to turn it back on.',
  },
  rate_limited: {
    title: 'Slow down a moment',
    message: 'Too many requests. Wait a moment, then try again.',
  },
  network: {
    title: 'You seem to be offline',
    message: 'We could not reach the server. Check your connection and try again.',
  },
  timeout: {
    title: 'That took too long',
    message: 'The server did not answer in time. Try again.',
  },
  server: {
    title: 'Something went wrong',
    message: 'Something went wrong on our side. Try again in a moment.',
  },
  bad_response: {
    title: 'Something went wrong',
    message: 'We got an answer we could not read. Try again in a moment.',
  },
} satisfies Record<string, ErrorCopy>

export type ErrorCopyKind = keyof typeof errorCopy

/** Kinds a plain "Try again" can fix; the others need another identifier or another choice. */
const retryableKinds = new Set<string>([
  'rate_limited',
  'network',
  'timeout',
  'server',
  'bad_response',
])

export const isRetryableKind = (kind: string) => retryableKinds.has(kind)

export interface ErrorContext {
  /** Wrong codes still allowed, shown after a wrong code. */
  attemptsRemaining?: number
  /** For a rate limit: whole seconds until a retry is allowed, when known. */
  secondsUntilRetry?: number
}

export const attemptsLeftText = (attempts: number) =>
  `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'} left.`

/** The sentence for the error's `role="alert"`. */
export function errorMessage(kind: string, context: ErrorContext = {}): string {
  const copy = errorCopy[kind as ErrorCopyKind] ?? errorCopy.server
  const { attemptsRemaining, secondsUntilRetry } = context
  if (kind === 'rate_limited' && secondsUntilRetry !== undefined && secondsUntilRetry > 0) {
    return `Too many requests. Try again in ${secondsUntilRetry} s.`
  }
  if (kind === 'invalid_or_expired_code' && attemptsRemaining !== undefined) {
    return `${copy.message} ${attemptsLeftText(attemptsRemaining)}`
  }
  return copy.message
}

export const errorTitle = (kind: string) =>
  (errorCopy[kind as ErrorCopyKind] ?? errorCopy.server).title

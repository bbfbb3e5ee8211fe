// The words and small screen decisions both examples share, so their pages read the same and one
// set of browser tests drives both. Framework-free and import-free on purpose (this folder is no
// package, so it cannot resolve one): the rules (what an identifier is, when a resend is allowed,
// which request failed) come from `@passage-otp/core` through the view's fields, passed in here.

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
 * while a new code is sent (the view's `isResending`).
 */
export function screenFor(step: string, isResending: boolean): Screen {
  if (step === 'authenticated') return 'signedIn'
  if (step === 'error') return 'error'
  if (step === 'awaitingCode' || step === 'activating') return 'code'
  if (step === 'requesting' && isResending) return 'code'
  return 'identifier'
}

const screenTitles: Record<Screen, string> = {
  identifier: 'Sign in',
  code: 'Enter your code',
  error: 'Error',
  signedIn: 'Signed in',
}

/** The document title of a screen, so a tab (and a screen reader) names the step. */
export const pageTitle = (screen: Screen, example: string) =>
  `${screenTitles[screen]} · Acme (${example})`

export interface ProgressView {
  step: string
  isResending: boolean
  identifier: string
  /** An error or a failed resend is on screen: its `role="alert"` speaks, the status is quiet. */
  hasError: boolean
}

/**
 * What the card's status region (`role="status"`) says: a request on its way, a code sent.
 * Failures are not here: they have their alerts.
 */
export function progressText({ step, isResending, identifier, hasError }: ProgressView): string {
  if (step === 'requesting') return isResending ? 'Sending a new code…' : 'Sending code…'
  if (step === 'activating') return 'Verifying…'
  if (step === 'awaitingCode' && !hasError) return `Code sent to ${identifier}.`
  return ''
}

/** A piece of a sentence, `code` when it is something to type (shown as code, unbroken). */
export interface TextPart {
  text: string
  code: boolean
}

/** The footer's word on watching the flow, with `?inspect…` as code. */
export const inspectorNote = (mode: false | 'stately' | 'console'): TextPart[] =>
  inspectorSentence(mode)
    .split(/(\?inspect(?:=console)?)/)
    .map((text, index) => ({ text, code: index % 2 === 1 }))

/** The footer's word on watching the flow: the Stately inspector is a hosted page. */
export function inspectorSentence(mode: false | 'stately' | 'console'): string {
  if (mode === 'stately') {
    return 'Stately inspector on: it is a hosted page, so it needs the internet (allow pop-ups for this page). Offline, use ?inspect=console.'
  }
  if (mode === 'console') {
    return 'Console inspector on: each transition is printed in the browser console, codes and tokens masked.'
  }
  return 'Watch the flow: add ?inspect to the URL for the Stately inspector (online), or ?inspect=console for the browser console (offline).'
}

/** Where the code goes: `normalizeIdentifier(identifier)?.channel` from the core. */
export type Channel = 'email' | 'sms' | undefined

export const codeHeading = (channel: Channel) =>
  channel === 'sms' ? 'Check your phone' : 'Check your email'

export const changeIdentifierLabel = (channel: Channel) =>
  channel === 'sms' ? 'Use a different phone number' : 'Use a different email'

/** The code form's lead, before the identifier. */
export const codeSentText = (codeLength: number, isResending: boolean) =>
  isResending ? 'Sending a new code to ' : `We sent a ${codeLength}-digit code to `

export const resendCountdownText = (seconds: number) => `Resend code in ${seconds} s`

export interface ErrorCopy {
  title: string
  message: string
}

/**
 * Plain words for every error kind of `@passage-otp/core`. The functions below take its keys, so
 * an example fails to compile when the core gains a kind that has no words here yet.
 */
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
    message: 'Enter the code from the message we sent you.',
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

/** The request that failed, as the view's `failedStep` names it. */
export type FailedStep = 'requesting' | 'activating'

export interface ErrorContext {
  /** Wrong codes still allowed, shown after a wrong code. */
  attemptsRemaining?: number
  /** For a rate limit: whole seconds until a retry is allowed, when known. */
  secondsUntilRetry?: number
  /** Digits in a code, from the flow's settings (the view's `codeLength`). */
  codeLength?: number
}

export const attemptsLeftText = (attempts: number) =>
  `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'} left.`

/** The sentence for the error's `role="alert"`. */
export function errorMessage(kind: ErrorCopyKind, context: ErrorContext = {}): string {
  const { message } = errorCopy[kind]
  const { attemptsRemaining, secondsUntilRetry, codeLength } = context
  if (kind === 'rate_limited' && secondsUntilRetry !== undefined && secondsUntilRetry > 0) {
    return `Too many requests. Try again in ${secondsUntilRetry} s.`
  }
  if (kind === 'invalid_or_expired_code' && attemptsRemaining !== undefined) {
    return `${message} ${attemptsLeftText(attemptsRemaining)}`
  }
  if (kind === 'invalid_code_format' && codeLength !== undefined) {
    return `Enter the ${codeLength}-digit code from the message we sent you.`
  }
  return message
}

/**
 * Beside the code form after a failed resend (the view's `resendError`): the code already sent
 * still works, and a rate limit says when to ask again (`secondsUntilResend`).
 */
export const resendErrorText = (kind: ErrorCopyKind, secondsUntilResend: number) =>
  `We couldn't send a new code. ${errorMessage(kind, { secondsUntilRetry: secondsUntilResend })}`

const failedStepTitles: Record<FailedStep, string> = {
  requesting: "We couldn't send the code",
  activating: "We couldn't check the code",
}

/**
 * The error step's heading. Where "Try again" helps (`retryable`: the core's
 * `isRetryableError(error)`), it names the request that failed (the one `retry()` repeats, the
 * view's `failedStep`) and the alert says why; account problems such as "No account yet" keep
 * their own title.
 */
export function errorTitle(
  kind: ErrorCopyKind,
  failedStep: FailedStep | null,
  retryable: boolean,
): string {
  return failedStep !== null && retryable ? failedStepTitles[failedStep] : errorCopy[kind].title
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

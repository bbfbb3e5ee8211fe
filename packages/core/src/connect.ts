import { type CodeInputProps, getCodeInputProps } from './code'
import {
  isRetryableError,
  type OtpAuthError,
  type OtpAuthErrorKind,
  otpAuthErrorMessages,
} from './errors'
import { type HtmlAttributes, toHtmlAttributes } from './html-attributes'
import { type IdentifierChannel, normalizeIdentifier } from './identifier'
import type { OtpAuthView } from './selectors'
import type { OtpFailedStep, OtpIntent } from './types'

/** Which screen shows the flow's step. */
export type OtpAuthScreen = 'identifier' | 'code' | 'error' | 'signedIn'

/** The words of the UI, per error kind and per moment of the flow; pass your own to translate. */
export interface OtpAuthMessages {
  /** The sentence of an error's alert, per kind. */
  errorMessages: Record<OtpAuthErrorKind, string>
  /** The error screen's heading, per kind, where a retry cannot help. */
  errorTitles: Record<OtpAuthErrorKind, string>
  /** The error screen's heading where "Try again" helps: names the request that failed. */
  failedStepTitles: Record<OtpFailedStep, string>
  /** After a wrong code, appended to its message. */
  attemptsLeft(count: number): string
  /** A rate limit with a known `Retry-After`. */
  retryIn(seconds: number): string
  /** A code of the wrong length or with other characters than digits. */
  enterCode(codeLength: number): string
  /** Before the reason, when a resend failed (the code already sent still works). */
  resendFailed: string
  sendingCode: string
  sendingNewCode: string
  verifying: string
  /** The status once a first code is out. */
  codeSent(identifier: string): string
  /** The status and the code screen's notice after a successful resend. */
  newCodeSent: string
}

/** Headings of the error screen for errors a retry cannot mend. */
const errorTitles: Record<OtpAuthErrorKind, string> = {
  invalid_identifier: 'Check your email or phone number',
  user_not_found: 'No account yet',
  user_exists: 'You already have an account',
  invalid_code_format: 'Check the code',
  invalid_or_expired_code: 'That code did not work',
  code_expired: 'Your code has expired',
  too_many_attempts: 'Too many wrong codes',
  user_inactive: 'Account deactivated',
  rate_limited: 'Slow down a moment',
  network: 'You seem to be offline',
  timeout: 'That took too long',
  server: 'Something went wrong',
  bad_response: 'Something went wrong',
}

/** The default words: `otpAuthErrorMessages` for errors, plain English for the rest. */
export const defaultOtpAuthMessages: OtpAuthMessages = {
  errorMessages: otpAuthErrorMessages,
  errorTitles,
  failedStepTitles: {
    requesting: "We couldn't send the code",
    activating: "We couldn't check the code",
  },
  attemptsLeft: (count) => `${count} ${count === 1 ? 'attempt' : 'attempts'} left.`,
  retryIn: (seconds) => `Too many requests. Try again in ${seconds} s.`,
  enterCode: (codeLength) => `Enter the ${codeLength}-digit code we sent you.`,
  resendFailed: "We couldn't send a new code.",
  sendingCode: 'Sending code…',
  sendingNewCode: 'Sending a new code…',
  verifying: 'Verifying…',
  codeSent: (identifier) => `Code sent to ${identifier}.`,
  newCodeSent: 'New code sent',
}

export interface OtpAuthUiOptions {
  /** Your words for some or all messages; the rest stay `defaultOtpAuthMessages`. */
  messages?: Partial<OtpAuthMessages>
  /** Prefix of the ids the UI hands out (the alert's, which the inputs point to). Default `otp-auth`. */
  id?: string
}

/** What a framework binding has for the UI: the view and its two ticking countdowns. */
export interface OtpAuthUiState extends OtpAuthView {
  secondsUntilResend: number
  secondsUntilRetry: number
}

/** Something the screen may offer: whether to show it, whether it works now, and for how long not. */
export interface OtpAuthOffer {
  shown: boolean
  /** Shown and accepted now (a button would be enabled). */
  enabled: boolean
  /** Whole seconds until it is enabled, when a countdown holds it. */
  secondsLeft: number
}

export interface OtpAuthOffers {
  /** Submit the code ("Verify"): on the code screen while the code can still be entered. */
  verify: boolean
  /** Abort the request in flight. */
  cancel: boolean
  /** Ask for a new code: on the code screen; the main action once the code is locked or expired. */
  resend: OtpAuthOffer
  /** Repeat the failed request: on the error screen, for errors a repeat can mend. */
  retry: OtpAuthOffer
  /** Back to the identifier form: from the code and error screens, not while a request runs. */
  changeIdentifier: OtpAuthOffer
  /** The same identifier with the other intent: sign up after `user_not_found`, log in after `user_exists`. */
  switchIntent: OtpIntent | null
}

/** A live region's attributes; spread them on the element that holds `text`. */
export interface OtpAuthAlertProps {
  id: string
  role: 'alert'
  'aria-live': 'assertive'
  'aria-atomic': 'true'
}

export interface OtpAuthStatusProps {
  role: 'status'
  'aria-live': 'polite'
  'aria-atomic': 'true'
}

export interface OtpAuthLiveMessage<Props> {
  text: string
  props: Props
}

/** What the code field is doing, as its `data-state`. */
export type CodeInputState = 'entering' | 'expired' | 'locked' | 'verifying' | 'resending'

/** Props for the code field: autofill, keyboard and length, plus what the flow says of it now. */
export interface OtpAuthCodeInputProps extends CodeInputProps {
  readOnly: boolean
  'aria-invalid': true | undefined
  'aria-describedby': string | undefined
  'data-state': CodeInputState
}

export interface OtpAuthIdentifierInputProps {
  readOnly: boolean
  'aria-invalid': true | undefined
}

/** Everything a screen shows, decided from the flow: a template only places it. */
export interface OtpAuthUi {
  screen: OtpAuthScreen
  /** Where the code goes, for words such as "Check your phone". */
  channel: IdentifierChannel | undefined
  /** What should take focus when the screen appears or its error changes. */
  focus: 'identifier' | 'code' | 'resend' | 'heading'
  offers: OtpAuthOffers
  /** The error screen's heading, `null` elsewhere. */
  title: string | null
  /** The step's error, hidden while a request runs (the field points to it). */
  alert: OtpAuthLiveMessage<OtpAuthAlertProps> | null
  /** Why the last resend failed, beside the code form. */
  resendAlert: OtpAuthLiveMessage<OtpAuthAlertProps> | null
  /** Progress and confirmations for screen readers; render the region always, even when empty. */
  status: OtpAuthLiveMessage<OtpAuthStatusProps>
  /** A confirmation to show on the code screen ("New code sent"), `null` when there is none. */
  notice: string | null
  identifierInputProps: OtpAuthIdentifierInputProps
  codeInputProps: OtpAuthCodeInputProps
}

function screenOf({ step, isResending }: OtpAuthView): OtpAuthScreen {
  if (step === 'authenticated') return 'signedIn'
  if (step === 'error') return 'error'
  // A new code on its way keeps the code form; a first one keeps the identifier form.
  if (step === 'awaitingCode' || step === 'activating' || isResending) return 'code'
  return 'identifier'
}

function codeInputState(state: OtpAuthUiState): CodeInputState {
  if (state.step === 'activating') return 'verifying'
  if (state.isResending) return 'resending'
  if (state.isLocked) return 'locked'
  return state.isCodeExpired ? 'expired' : 'entering'
}

function errorText(error: OtpAuthError, state: OtpAuthUiState, messages: OtpAuthMessages) {
  const message = messages.errorMessages[error.kind]
  switch (error.kind) {
    case 'invalid_or_expired_code':
      return `${message} ${messages.attemptsLeft(state.attemptsRemaining)}`
    case 'invalid_code_format':
      return messages.enterCode(state.codeLength)
    case 'rate_limited':
      // Said once, from the answer's Retry-After: a ticking alert would be read out every second.
      return error.retryAfterMs ? messages.retryIn(Math.ceil(error.retryAfterMs / 1000)) : message
    default:
      return message
  }
}

function statusText(state: OtpAuthUiState, screen: OtpAuthScreen, messages: OtpAuthMessages) {
  if (state.step === 'requesting')
    return state.isResending ? messages.sendingNewCode : messages.sendingCode
  if (state.step === 'activating') return messages.verifying
  // A failure speaks through its alert.
  if (screen !== 'code' || state.error || state.resendError) return ''
  return state.resendCount > 0 ? messages.newCodeSent : messages.codeSent(state.identifier)
}

const offer = (shown: boolean, enabled: boolean, secondsLeft = 0): OtpAuthOffer => ({
  shown,
  enabled: shown && enabled,
  secondsLeft: shown ? secondsLeft : 0,
})

/**
 * The UI of one moment of the flow: which screen, what it offers, the live regions' words and
 * the inputs' props. Pure: call it with the view whenever it changes (the adapters do, as `ui`).
 * Props use React's names; `toHtmlUi` gives HTML attribute names (Vue templates, plain DOM).
 *
 * @example
 * ```ts
 * import { connectOtpAuthUi, createOtpAuthActor, selectOtpAuthView } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const ui = connectOtpAuthUi(
 *   { ...selectOtpAuthView(actor.getSnapshot()), secondsUntilResend: 0, secondsUntilRetry: 0 },
 *   { messages: { newCodeSent: 'Neuer Code gesendet' } },
 * )
 * if (ui.screen === 'code' && ui.offers.resend.enabled) console.log('Send a new code')
 * ```
 */
export function connectOtpAuthUi(state: OtpAuthUiState, options: OtpAuthUiOptions = {}): OtpAuthUi {
  const messages = { ...defaultOtpAuthMessages, ...options.messages }
  const alertId = `${options.id ?? 'otp-auth'}-alert`
  const screen = screenOf(state)
  const blocked = state.isLocked || state.isCodeExpired
  const onCode = screen === 'code'
  // While a request runs, its outcome replaces the last error: do not show the old one.
  const error = state.isBusy ? null : state.error
  const resendError = state.isBusy ? null : state.resendError
  const live = (text: string, id = alertId): OtpAuthLiveMessage<OtpAuthAlertProps> => ({
    text,
    props: { id, role: 'alert', 'aria-live': 'assertive', 'aria-atomic': 'true' },
  })
  const resend = offer(onCode, state.canResend, state.secondsUntilResend)
  const invalid = error ? true : undefined

  return {
    screen,
    channel: normalizeIdentifier(state.identifier)?.channel,
    focus: focusOf(screen, blocked, resend.enabled),
    offers: {
      verify: onCode && !blocked,
      cancel: state.isBusy,
      resend,
      retry: offer(
        screen === 'error' && state.error !== null && isRetryableError(state.error),
        state.canRetry,
        state.secondsUntilRetry,
      ),
      changeIdentifier: offer(onCode || screen === 'error', !state.isBusy),
      switchIntent: switchIntentFor(screen, state.error),
    },
    title:
      screen === 'error' && state.error
        ? state.failedStep !== null && isRetryableError(state.error)
          ? messages.failedStepTitles[state.failedStep]
          : messages.errorTitles[state.error.kind]
        : null,
    alert: error ? live(errorText(error, state, messages)) : null,
    resendAlert:
      onCode && resendError
        ? live(
            `${messages.resendFailed} ${errorText(resendError, state, messages)}`,
            `${alertId}-resend`,
          )
        : null,
    status: {
      text: statusText(state, screen, messages),
      props: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
    },
    notice:
      onCode && !state.isBusy && !error && !resendError && state.resendCount > 0
        ? messages.newCodeSent
        : null,
    identifierInputProps: { readOnly: state.isBusy, 'aria-invalid': invalid },
    codeInputProps: {
      ...getCodeInputProps(state.codeLength),
      readOnly: state.isBusy || blocked,
      'aria-invalid': invalid,
      'aria-describedby': error ? alertId : undefined,
      'data-state': codeInputState(state),
    },
  }
}

function focusOf(screen: OtpAuthScreen, blocked: boolean, canResend: boolean): OtpAuthUi['focus'] {
  if (screen === 'identifier') return 'identifier'
  if (screen !== 'code') return 'heading'
  if (!blocked) return 'code'
  return canResend ? 'resend' : 'heading'
}

function switchIntentFor(screen: OtpAuthScreen, error: OtpAuthError | null): OtpIntent | null {
  if (screen !== 'error') return null
  if (error?.kind === 'user_not_found') return 'register'
  return error?.kind === 'user_exists' ? 'login' : null
}

/** `OtpAuthUi` with its input props under HTML attribute names. */
export type OtpAuthHtmlUi = Omit<OtpAuthUi, 'identifierInputProps' | 'codeInputProps'> & {
  identifierInputProps: HtmlAttributes<OtpAuthIdentifierInputProps>
  codeInputProps: HtmlAttributes<OtpAuthCodeInputProps>
}

/**
 * The UI for Vue templates and plain DOM: `v-bind="ui.codeInputProps"` sets `readonly`, …
 *
 * @example
 * ```ts
 * import { connectOtpAuthUi, createOtpAuthActor, selectOtpAuthView, toHtmlUi } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const view = { ...selectOtpAuthView(actor.getSnapshot()), secondsUntilResend: 0, secondsUntilRetry: 0 }
 * const input = document.createElement('input')
 * for (const [name, value] of Object.entries(toHtmlUi(connectOtpAuthUi(view)).codeInputProps)) {
 *   if (value !== undefined && value !== false) input.setAttribute(name, String(value))
 * }
 * ```
 */
export function toHtmlUi(ui: OtpAuthUi): OtpAuthHtmlUi {
  return {
    ...ui,
    identifierInputProps: toHtmlAttributes(ui.identifierInputProps),
    codeInputProps: toHtmlAttributes(ui.codeInputProps),
  }
}

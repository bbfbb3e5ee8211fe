import { assign, emit, fromPromise, not, setup } from 'xstate'
import type { ActivateOtpInput, AuthResult, OtpSent, RequestOtpInput } from './client'
import { DEFAULT_CODE_LENGTH, isValidCodeFormat, normalizeCode } from './code'
import { createOtpAuthError, isRetryableError, type OtpAuthError, toOtpAuthError } from './errors'
import { normalizeIdentifier } from './identifier'
import type { SavedOtpFlow } from './persistence'
import type { SmsCodeRead } from './web-otp'

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
  /** The code being activated, kept only so `flow.retry` can send it again. Never persisted. */
  code: string | null
  error: OtpAuthError | null
  /** Why the last `code.resend` failed, shown beside the code form; the sent code still works. */
  resendError: OtpAuthError | null
  failedStep: OtpFailedStep | null
  /** Epoch ms before which `flow.retry` is refused (a rate limit's `Retry-After`). */
  retryAvailableAt: number | null
  authResult: AuthResult | null
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

export const defaultOtpAuthSettings: OtpAuthSettings = {
  codeLifetimeMs: 300_000,
  resendCooldownMs: 30_000,
  maxAttempts: 5,
  codeLength: DEFAULT_CODE_LENGTH,
  intent: 'login',
}

function initialContext(settings: OtpAuthSettings, identifier = ''): OtpAuthContext {
  return {
    settings,
    identifier,
    intent: settings.intent,
    endpoint: settings.intent === 'register' ? 'register' : 'login',
    language: settings.language,
    otpId: null,
    codeExpiresAt: null,
    resendAvailableAt: null,
    attempts: 0,
    code: null,
    error: null,
    resendError: null,
    failedStep: null,
    retryAvailableAt: null,
    authResult: null,
  }
}

const notProvided = (name: string) => () => {
  throw new Error(`otpAuthMachine: provide the \`${name}\` actor (createOtpAuthActor does).`)
}

// Done and error events of the invoked requests are not in `OtpAuthEvent`; read them here.
const errorOf = (event: object) => toOtpAuthError('error' in event ? event.error : undefined)
const outputOf = <T>(event: object) => (event as unknown as { output: T }).output
/** A typed code (`code.submit`) or one read from the SMS (the reader's `{ code }`). */
const submittedCode = (event: object): unknown => {
  if ('code' in event) return event.code
  const read = 'output' in event ? event.output : undefined
  return typeof read === 'object' && read !== null && 'code' in read ? read.code : undefined
}
// Timers cannot wait longer than 2^31 - 1 ms; a longer wait would fire at once.
const MAX_DELAY_MS = 2_147_483_647
const remainingMs = (deadline: number | null) =>
  Math.min(MAX_DELAY_MS, Math.max(0, (deadline ?? 0) - Date.now()))
const retryDeadline = (error: OtpAuthError) =>
  error.retryAfterMs === undefined ? null : Date.now() + error.retryAfterMs

/** Back to the code form: the code region as given, the resend countdown where it was. */
const backToCode = (code: 'entering' | 'locked' | 'previous', resend = 'previous') => [
  `#otpAuth.awaitingCode.code.${code}`,
  `#otpAuth.awaitingCode.resend.${resend}`,
]

/** A send failed: a resend goes back to the code, whose code still works; a first send fails. */
const sendFailed = [
  {
    guard: 'isResend',
    target: backToCode('previous', 'afterFailure'),
    actions: 'storeResendError',
    description:
      'The new code could not be sent: back to the code form, the sent code still works.',
  },
  {
    target: '#otpAuth.error',
    actions: 'storeRequestError',
    description: 'The code could not be sent.',
  },
] as const

/** From the code form or an error: another email or phone, back at the form. */
const changeIdentifier = {
  target: '#otpAuth.idle',
  actions: 'forgetSentCode',
  description: 'Use a different email or phone: back to the form, identifier kept.',
} as const

export const otpAuthMachine = setup({
  types: {
    context: {} as OtpAuthContext,
    events: {} as OtpAuthEvent,
    input: {} as OtpAuthInput | undefined,
    emitted: {} as OtpAuthEmitted,
  },
  actors: {
    requestLoginOtp: fromPromise<OtpSent, RequestOtpInput>(notProvided('requestLoginOtp')),
    requestRegisterOtp: fromPromise<OtpSent, RequestOtpInput>(notProvided('requestRegisterOtp')),
    activateOtp: fromPromise<AuthResult, ActivateOtpInput>(notProvided('activateOtp')),
    // SMS autofill is opt-in: never answers unless `createOtpAuthLogic({ webOtp: true })`
    // provides it.
    readSmsCode: fromPromise<SmsCodeRead, { identifier: string }>(() => new Promise(() => {})),
  },
  delays: {
    codeLifetime: ({ context }) => remainingMs(context.codeExpiresAt),
    resendCooldown: ({ context }) => remainingMs(context.resendAvailableAt),
    retryAfter: ({ context }) => remainingMs(context.retryAvailableAt),
  },
  guards: {
    isIdentifierInvalid: ({ event }) =>
      event.type === 'identifier.submit' && normalizeIdentifier(event.identifier) === null,
    usesRegisterEndpoint: ({ context }) => context.endpoint === 'register',
    isResend: ({ context }) => context.otpId !== null,
    mustWaitBeforeResend: ({ context }) => remainingMs(context.resendAvailableAt) > 0,
    isUnknownUserInSignUpOrIn: ({ context, event }) =>
      context.intent === 'auto' &&
      context.endpoint === 'login' &&
      errorOf(event).kind === 'user_not_found',
    isCodeFormatInvalid: ({ context, event }) =>
      !isValidCodeFormat(submittedCode(event), context.settings.codeLength),
    isOutOfAttempts: ({ context, event }) => {
      const { kind } = errorOf(event)
      return (
        kind === 'too_many_attempts' ||
        (kind === 'invalid_or_expired_code' && context.attempts >= context.settings.maxAttempts)
      )
    },
    isWrongCode: ({ event }) => errorOf(event).kind === 'invalid_or_expired_code',
    isPermanentError: ({ context }) => context.error !== null && !isRetryableError(context.error),
    mustWaitBeforeRetry: ({ context }) => remainingMs(context.retryAvailableAt) > 0,
    failedWhileActivating: ({ context }) => context.failedStep === 'activating',
    isSavedLockedCode: ({ event }) =>
      event.type === 'flow.restore' && event.saved.step === 'awaitingCode' && event.saved.locked,
    isSavedCodeStep: ({ event }) =>
      event.type === 'flow.restore' && event.saved.step === 'awaitingCode',
  },
  actions: {
    rejectIdentifier: assign(({ event }) => ({
      identifier: event.type === 'identifier.submit' ? event.identifier : '',
      error: createOtpAuthError('invalid_identifier'),
    })),
    acceptIdentifier: assign(({ context, event }) => {
      if (event.type !== 'identifier.submit') return {}
      const intent = event.intent ?? context.settings.intent
      return {
        ...initialContext(context.settings, normalizeIdentifier(event.identifier)?.identifier),
        intent,
        endpoint: intent === 'register' ? ('register' as const) : ('login' as const),
        language: event.language ?? context.settings.language,
      }
    }),
    switchToRegister: assign({ endpoint: 'register' as const }),
    storeSentCode: assign(({ context, event }) => {
      const { otpId } = outputOf<OtpSent>(event)
      const now = Date.now()
      return {
        otpId,
        codeExpiresAt: now + context.settings.codeLifetimeMs,
        resendAvailableAt: now + context.settings.resendCooldownMs,
        attempts: 0,
        code: null,
        error: null,
        resendError: null,
        failedStep: null,
        retryAvailableAt: null,
      }
    }),
    storeResendError: assign(({ event }) => {
      const error = errorOf(event)
      return { resendError: error, resendAvailableAt: retryDeadline(error) ?? Date.now() }
    }),
    startResend: assign({ resendError: null }),
    storeRequestError: assign(({ event }) => {
      const error = errorOf(event)
      return { error, failedStep: 'requesting' as const, retryAvailableAt: retryDeadline(error) }
    }),
    rejectCodeFormat: assign(({ context }) => ({
      error: createOtpAuthError('invalid_code_format', {
        message: `Enter the ${context.settings.codeLength}-digit code we sent you.`,
      }),
    })),
    acceptCode: assign(({ context, event }) => ({
      code: normalizeCode(submittedCode(event)),
      attempts: context.attempts + 1,
      error: null,
    })),
    markCodeExpired: assign({ error: () => createOtpAuthError('code_expired') }),
    storeWrongCode: assign(({ event }) => ({ error: errorOf(event), code: null })),
    lockCode: assign(({ event }) => {
      const error = errorOf(event)
      return {
        error: error.kind === 'too_many_attempts' ? error : createOtpAuthError('too_many_attempts'),
        code: null,
      }
    }),
    storeActivationError: assign(({ event }) => {
      const error = errorOf(event)
      return { error, failedStep: 'activating' as const, retryAvailableAt: retryDeadline(error) }
    }),
    storeAuthResult: assign(({ event }) => ({
      authResult: outputOf<AuthResult>(event),
      code: null,
      error: null,
    })),
    emitAuthenticated: emit(({ event }) => ({
      type: 'authenticated' as const,
      authResult: outputOf<AuthResult>(event),
    })),
    emitSmsAutofillFailed: emit(({ event }) => ({
      type: 'smsAutofillFailed' as const,
      error: 'error' in event ? event.error : undefined,
    })),
    clearError: assign({ error: null, failedStep: null, retryAvailableAt: null }),
    forgetSentCode: assign(({ context }) => initialContext(context.settings, context.identifier)),
    resetFlow: assign(({ context }) => initialContext(context.settings)),
    restoreFlow: assign(({ context, event }) => {
      if (event.type !== 'flow.restore') return {}
      const { saved } = event
      const restored = {
        ...initialContext(context.settings, saved.identifier),
        intent: saved.intent,
        endpoint: saved.endpoint,
        language: saved.language ?? context.settings.language,
      }
      if (saved.step !== 'awaitingCode') return restored
      const { otpId, codeExpiresAt, resendAvailableAt, attempts, locked } = saved
      const error = locked ? createOtpAuthError('too_many_attempts') : null
      return { ...restored, otpId, codeExpiresAt, resendAvailableAt, attempts, error }
    }),
  },
}).createMachine({
  id: 'otpAuth',
  description:
    'One-time-passcode login and sign-up against the Passage OTP API: ask for a code, ' +
    'then activate it.',
  context: ({ input }) => {
    const { identifier, ...settings } = input ?? {}
    return initialContext({ ...defaultOtpAuthSettings, ...settings }, identifier)
  },
  initial: 'idle',
  on: {
    'flow.reset': {
      target: '.idle',
      actions: 'resetFlow',
      description: 'Start over from any state: abort what is in flight and forget the flow.',
    },
  },
  states: {
    idle: {
      description: 'The identifier form: waits for an email address or E.164 phone number.',
      on: {
        'identifier.submit': [
          {
            guard: 'isIdentifierInvalid',
            actions: 'rejectIdentifier',
            description: 'An invalid identifier stays here with `invalid_identifier`; no request.',
          },
          {
            target: 'requesting',
            actions: 'acceptIdentifier',
            description: 'A valid identifier is normalised and a code is requested.',
          },
        ],
        'flow.restore': [
          {
            guard: 'isSavedLockedCode',
            target: '#otpAuth.awaitingCode.code.locked',
            actions: 'restoreFlow',
            description: 'Back after a reload to a code refused too often: only resend helps.',
          },
          {
            guard: 'isSavedCodeStep',
            target: 'awaitingCode',
            actions: 'restoreFlow',
            description:
              'Back after a reload to the code form, with no new code sent; an expired code ' +
              'comes back as `code_expired`.',
          },
          {
            target: 'authenticated',
            actions: 'restoreFlow',
            description: 'Back after a reload to the signed-in step (tokens live in the session).',
          },
        ],
      },
    },
    requesting: {
      description:
        'Asks the API to send a code. Sign up or in (`auto`) tries login first and registers ' +
        'when the user is unknown.',
      initial: 'choosingEndpoint',
      on: {
        'flow.cancel': [
          {
            guard: 'isResend',
            target: backToCode('previous'),
            description:
              'Abort the resend and go back to the code form; the sent code still works.',
          },
          {
            target: 'idle',
            description: 'Abort the request and go back to the identifier form.',
          },
        ],
      },
      states: {
        choosingEndpoint: {
          description: 'Picks the endpoint for the intent.',
          always: [
            {
              guard: 'usesRegisterEndpoint',
              target: 'register',
              description: 'Sign up: use the register endpoint.',
            },
            { target: 'login', description: 'Log in, or sign up or in: use the login endpoint.' },
          ],
        },
        login: {
          description: 'POST /apps/{app_id}/login/otp',
          invoke: {
            id: 'requestLoginOtp',
            src: 'requestLoginOtp',
            input: ({ context }) => ({
              identifier: context.identifier,
              language: context.language,
            }),
            onDone: {
              target: '#otpAuth.awaitingCode',
              actions: 'storeSentCode',
              description: 'The code is on its way.',
            },
            onError: [
              {
                guard: 'isUnknownUserInSignUpOrIn',
                target: 'register',
                actions: 'switchToRegister',
                description: 'Sign up or in, and no such user: register instead.',
              },
              ...sendFailed,
            ],
          },
        },
        register: {
          description: 'POST /apps/{app_id}/register/otp',
          invoke: {
            id: 'requestRegisterOtp',
            src: 'requestRegisterOtp',
            input: ({ context }) => ({
              identifier: context.identifier,
              language: context.language,
            }),
            onDone: {
              target: '#otpAuth.awaitingCode',
              actions: 'storeSentCode',
              description: 'The user is created and the code is on its way.',
            },
            onError: sendFailed,
          },
        },
      },
    },
    awaitingCode: {
      description:
        'The code form. Tracks the code (valid, expired, or locked after too many attempts) ' +
        'and the resend countdown side by side.',
      type: 'parallel',
      on: { 'identifier.change': changeIdentifier },
      states: {
        code: {
          description: 'Whether the sent code can still be entered.',
          initial: 'entering',
          states: {
            entering: {
              description: 'Waits for the code, and reads it from the SMS where the browser can.',
              invoke: {
                id: 'readSmsCode',
                src: 'readSmsCode',
                input: ({ context }) => ({ identifier: context.identifier }),
                onDone: {
                  guard: not('isCodeFormatInvalid'),
                  target: '#otpAuth.activating',
                  actions: 'acceptCode',
                  description: 'The code read from the SMS is activated like a typed one.',
                },
                onError: {
                  actions: 'emitSmsAutofillFailed',
                  description: 'SMS autofill failed: told to listeners; the code is typed instead.',
                },
              },
              after: {
                codeLifetime: {
                  target: 'expired',
                  description: 'The code outlived its lifetime.',
                },
              },
              on: {
                'code.submit': [
                  {
                    guard: 'isCodeFormatInvalid',
                    actions: 'rejectCodeFormat',
                    description: 'Not a code: stays here with `invalid_code_format`; no request.',
                  },
                  {
                    target: '#otpAuth.activating',
                    actions: 'acceptCode',
                    description: 'Activate the code.',
                  },
                ],
              },
            },
            expired: {
              description: 'The code expired: `code_expired` until a new one is sent.',
              entry: 'markCodeExpired',
              on: {
                'code.submit': {
                  actions: 'markCodeExpired',
                  description: 'A code submitted too late is refused with `code_expired`.',
                },
              },
            },
            locked: {
              description:
                'Too many wrong codes: only a resend or another identifier can go on from here.',
            },
            previous: {
              type: 'history',
              description: 'Where the code was before a resend that failed or was cancelled.',
              target: 'entering',
            },
          },
        },
        resend: {
          description: 'The resend countdown.',
          initial: 'coolingDown',
          states: {
            coolingDown: {
              description: 'A code was just sent; a new one cannot be requested yet.',
              after: {
                resendCooldown: {
                  target: 'ready',
                  description: 'The cooldown is over.',
                },
              },
            },
            ready: {
              description: 'A new code may be requested.',
              on: {
                'code.resend': {
                  target: '#otpAuth.requesting',
                  actions: 'startResend',
                  description: 'Send a new code; it supersedes the old one once it is sent.',
                },
              },
            },
            afterFailure: {
              description: 'A resend failed: offer it again, after its Retry-After if it had one.',
              always: [
                {
                  guard: 'mustWaitBeforeResend',
                  target: 'coolingDown',
                  description: 'Rate limited: count down its Retry-After.',
                },
                { target: 'ready', description: 'It may be tried again at once.' },
              ],
            },
            previous: {
              type: 'history',
              description: 'Where the countdown was before the code was tried.',
              target: 'coolingDown',
            },
          },
        },
      },
    },
    activating: {
      description: 'POST /apps/{app_id}/otp/activate with the code.',
      invoke: {
        id: 'activateOtp',
        src: 'activateOtp',
        input: ({ context }) => ({ otpId: context.otpId ?? '', code: context.code ?? '' }),
        onDone: {
          target: 'authenticated',
          actions: ['storeAuthResult', 'emitAuthenticated'],
          description: 'The code was right.',
        },
        onError: [
          {
            guard: 'isOutOfAttempts',
            target: backToCode('locked'),
            actions: 'lockCode',
            description: 'Too many attempts: back to the code form, where only resend helps.',
          },
          {
            guard: 'isWrongCode',
            target: backToCode('entering'),
            actions: 'storeWrongCode',
            description: 'Wrong or expired code: back to the code form with the error.',
          },
          {
            target: 'error',
            actions: 'storeActivationError',
            description: 'Activation failed for another reason.',
          },
        ],
      },
      on: {
        'flow.cancel': {
          target: backToCode('entering'),
          description: 'Abort the activation and go back to the code form.',
        },
      },
    },
    authenticated: {
      description: 'Signed in: holds the auth result. `flow.reset` starts over.',
    },
    error: {
      description: 'A request failed: holds the typed error until a retry or a reset.',
      initial: 'choosingRetry',
      on: { 'identifier.change': changeIdentifier },
      states: {
        choosingRetry: {
          description:
            'Decides whether a retry can help, and whether it must wait for a rate limit.',
          always: [
            {
              guard: 'isPermanentError',
              target: 'permanent',
              description:
                'Unknown or existing user, deactivated account, invalid identifier: the same ' +
                'request would fail again.',
            },
            {
              guard: 'mustWaitBeforeRetry',
              target: 'waitingToRetry',
              description: 'Rate limited: wait for Retry-After.',
            },
            { target: 'retryable', description: 'A retry may go at once.' },
          ],
        },
        permanent: {
          description:
            'No retry: only another identifier (`identifier.change`) or a reset goes on from here.',
        },
        waitingToRetry: {
          description: 'Rate limited: `flow.retry` is refused until Retry-After has passed.',
          after: {
            retryAfter: {
              target: 'choosingRetry',
              description: 'Retry-After has passed: check again (a very long wait is re-armed).',
            },
          },
        },
        retryable: {
          description: 'The failed step may be tried again.',
          on: {
            'flow.retry': [
              {
                guard: 'failedWhileActivating',
                target: '#otpAuth.activating',
                actions: 'clearError',
                description: 'Activate the same code again.',
              },
              {
                target: '#otpAuth.requesting',
                actions: 'clearError',
                description: 'Request the code again.',
              },
            ],
          },
        },
      },
    },
  },
})

export type OtpAuthMachine = typeof otpAuthMachine

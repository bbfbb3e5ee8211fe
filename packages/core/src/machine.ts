import { assign, emit, fromPromise, fromTransition, setup } from 'xstate'
import type { ActivateOtpInput, AuthResult, OtpSent, RequestOtpInput } from './client'
import { DEFAULT_CODE_LENGTH, isValidCodeFormat, normalizeCode } from './code'
import { createOtpAuthError, isRetryableError, type OtpAuthError, toOtpAuthError } from './errors'
import { normalizeIdentifier } from './identifier'
import { msUntil } from './timers'
import type {
  OtpAuthContext,
  OtpAuthEmitted,
  OtpAuthEvent,
  OtpAuthInput,
  OtpAuthSettings,
  SavedOtpFlow,
} from './types'
import { malformedEventField, malformedEventProblem, toLanguage } from './validation'
import { warnOnce } from './warn'
import type { WebOtpReader } from './web-otp'

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
    language: toLanguage(settings.language),
    otpId: null,
    codeExpiresAt: null,
    resendAvailableAt: null,
    attempts: 0,
    resendCount: 0,
    code: null,
    error: null,
    resendError: null,
    failedStep: null,
    retryAvailableAt: null,
    authResult: null,
  }
}

// SMS autofill is opt-in: without `createOtpAuthLogic({ webOtp })`, the code step's reader never
// answers and, being no promise, leaves nothing to abort when the step is left: a promise actor
// would make and abort an AbortController (and its DOMException) on every code step.
const noSmsReader = fromTransition(
  (nothing: undefined) => nothing,
  undefined,
) as unknown as WebOtpReader

// The sentence for development only, as bundlers fold it; production names the actor.
const notProvided = (name: string) => () => {
  throw new Error(
    typeof process === 'object' && process.env.NODE_ENV !== 'production'
      ? `otpAuthMachine: provide the \`${name}\` actor (createOtpAuthActor does).`
      : name,
  )
}

// The done and error events of the invoked actors are not in `OtpAuthEvent`: their transitions
// hand what the actions and guards need over as typed params.
const errorParams = ({ event }: { event: { error: unknown } }) => ({
  error: toOtpAuthError(event.error),
})
/** An event with a payload, handed to its transition's guards and actions as typed params. */
const eventParams = <T>({ event }: { event: T }) => event
type SubmittedIdentifier = Extract<OtpAuthEvent, { type: 'identifier.submit' }>

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
    actions: { type: 'storeResendError', params: errorParams },
    description:
      'The new code could not be sent: back to the code form, the sent code still works.',
  },
  {
    target: '#otpAuth.error',
    actions: { type: 'storeRequestError', params: errorParams },
    description: 'The code could not be sent.',
  },
] as const

/** First in every transition on an event with a payload: a malformed one is ignored. */
const ignoreMalformed = {
  guard: 'isMalformedEvent',
  actions: 'warnMalformedEvent',
  description:
    'A malformed event (from JavaScript, past the types) changes nothing; warned once in development.',
} as const

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
    readSmsCode: noSmsReader,
  },
  delays: {
    codeLifetime: ({ context }) => msUntil(context.codeExpiresAt),
    resendCooldown: ({ context }) => msUntil(context.resendAvailableAt),
    retryAfter: ({ context }) => msUntil(context.retryAvailableAt),
  },
  guards: {
    isMalformedEvent: ({ event }) => malformedEventField(event) !== null,
    isIdentifierInvalid: (_, { identifier }: SubmittedIdentifier) =>
      normalizeIdentifier(identifier) === null,
    usesRegisterEndpoint: ({ context }) => context.endpoint === 'register',
    isResend: ({ context }) => context.otpId !== null,
    mustWaitBeforeResend: ({ context }) => msUntil(context.resendAvailableAt) > 0,
    // Only on the login request's failure.
    isUnknownUserInSignUpOrIn: ({ context }, { error }: { error: OtpAuthError }) =>
      context.intent === 'auto' && error.kind === 'user_not_found',
    isCodeWellFormed: ({ context }, { code }: { code: unknown }) =>
      isValidCodeFormat(code, context.settings.codeLength),
    isOutOfAttempts: ({ context }, { error }: { error: OtpAuthError }) =>
      error.kind === 'too_many_attempts' ||
      (error.kind === 'invalid_or_expired_code' &&
        context.attempts >= context.settings.maxAttempts),
    isWrongCode: (_, { error }: { error: OtpAuthError }) =>
      error.kind === 'invalid_or_expired_code',
    // Only in `error`, which is entered with the error stored and keeps it.
    isPermanentError: ({ context }) => !isRetryableError(context.error as OtpAuthError),
    mustWaitBeforeRetry: ({ context }) => msUntil(context.retryAvailableAt) > 0,
    failedWhileActivating: ({ context }) => context.failedStep === 'activating',
    isSavedLockedCode: (_, { saved }: { saved: SavedOtpFlow }) =>
      saved.step === 'awaitingCode' && saved.locked,
    isSavedCodeStep: (_, { saved }: { saved: SavedOtpFlow }) => saved.step === 'awaitingCode',
  },
  actions: {
    warnMalformedEvent: ({ event }) => {
      // Development only, as bundlers fold it: production builds leave the texts out.
      if (typeof process === 'object' && process.env.NODE_ENV !== 'production') {
        const problem = malformedEventProblem(event)
        warnOnce(
          `${event.type}: ${problem}`,
          `passage-otp: ignored a malformed ${event.type} event: ${problem}.`,
        )
      }
    },
    rejectIdentifier: assign((_, { identifier }: SubmittedIdentifier) => ({
      identifier,
      error: createOtpAuthError('invalid_identifier'),
    })),
    acceptIdentifier: assign(({ context }, event: SubmittedIdentifier) => {
      const { settings } = context
      const intent = event.intent ?? settings.intent
      return {
        // Stryker disable next-line OptionalChaining: equivalent, isIdentifierInvalid lets only identifiers that normalise reach this action.
        ...initialContext(settings, normalizeIdentifier(event.identifier)?.identifier),
        intent,
        endpoint: intent === 'register' ? ('register' as const) : ('login' as const),
        language: toLanguage(event.language) ?? toLanguage(settings.language),
      }
    }),
    switchToRegister: assign({ endpoint: 'register' as const }),
    storeSentCode: assign(({ context }, { otpId }: OtpSent) => {
      const now = Date.now()
      return {
        otpId,
        // A code sent while one was out is a resend.
        resendCount: context.otpId === null ? 0 : context.resendCount + 1,
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
    storeResendError: assign((_, { error }: { error: OtpAuthError }) => ({
      resendError: error,
      resendAvailableAt: retryDeadline(error) ?? Date.now(),
    })),
    startResend: assign({ resendError: null }),
    storeRequestError: assign((_, { error }: { error: OtpAuthError }) => ({
      error,
      failedStep: 'requesting' as const,
      retryAvailableAt: retryDeadline(error),
    })),
    rejectCodeFormat: assign(({ context }) => ({
      error: createOtpAuthError('invalid_code_format', {
        message: `Enter the ${context.settings.codeLength}-digit code we sent you.`,
      }),
    })),
    acceptCode: assign(({ context }, { code }: { code: unknown }) => ({
      code: normalizeCode(code),
      attempts: context.attempts + 1,
      error: null,
    })),
    forgetCode: assign({ code: null }),
    markCodeExpired: assign({ error: () => createOtpAuthError('code_expired') }),
    storeWrongCode: assign((_, { error }: { error: OtpAuthError }) => ({ error, code: null })),
    lockCode: assign((_, { error }: { error: OtpAuthError }) => ({
      error: error.kind === 'too_many_attempts' ? error : createOtpAuthError('too_many_attempts'),
      code: null,
    })),
    storeActivationError: assign((_, { error }: { error: OtpAuthError }) => ({
      error,
      failedStep: 'activating' as const,
      retryAvailableAt: retryDeadline(error),
    })),
    storeAuthResult: assign((_, authResult: AuthResult) => ({
      authResult,
      code: null,
      error: null,
    })),
    emitAuthenticated: emit((_, authResult: AuthResult) => ({
      type: 'authenticated' as const,
      authResult,
    })),
    emitSmsAutofillFailed: emit((_, { error }: { error: unknown }) => ({
      type: 'smsAutofillFailed' as const,
      error,
    })),
    clearError: assign({ error: null, failedStep: null, retryAvailableAt: null }),
    forgetSentCode: assign(({ context }) => initialContext(context.settings, context.identifier)),
    resetFlow: assign(({ context }) => initialContext(context.settings)),
    restoreFlow: assign(({ context }, { saved }: { saved: SavedOtpFlow }) => {
      const restored = {
        ...initialContext(context.settings, saved.identifier),
        intent: saved.intent,
        endpoint: saved.endpoint,
        language: toLanguage(saved.language) ?? toLanguage(context.settings.language),
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
          ignoreMalformed,
          {
            guard: { type: 'isIdentifierInvalid', params: eventParams },
            actions: { type: 'rejectIdentifier', params: eventParams },
            description: 'An invalid identifier stays here with `invalid_identifier`; no request.',
          },
          {
            target: 'requesting',
            actions: { type: 'acceptIdentifier', params: eventParams },
            description: 'A valid identifier is normalised and a code is requested.',
          },
        ],
        'flow.restore': [
          ignoreMalformed,
          {
            guard: { type: 'isSavedLockedCode', params: eventParams },
            target: '#otpAuth.awaitingCode.code.locked',
            actions: { type: 'restoreFlow', params: eventParams },
            description: 'Back after a reload to a code refused too often: only resend helps.',
          },
          {
            guard: { type: 'isSavedCodeStep', params: eventParams },
            target: 'awaitingCode',
            actions: { type: 'restoreFlow', params: eventParams },
            description:
              'Back after a reload to the code form, with no new code sent; an expired code ' +
              'comes back as `code_expired`.',
          },
          {
            target: 'authenticated',
            actions: { type: 'restoreFlow', params: eventParams },
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
              actions: { type: 'storeSentCode', params: ({ event }) => event.output },
              description: 'The code is on its way.',
            },
            onError: [
              {
                guard: { type: 'isUnknownUserInSignUpOrIn', params: errorParams },
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
              actions: { type: 'storeSentCode', params: ({ event }) => event.output },
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
                  guard: {
                    type: 'isCodeWellFormed',
                    params: ({ event }) => ({ code: event.output.code }),
                  },
                  target: '#otpAuth.activating',
                  actions: {
                    type: 'acceptCode',
                    params: ({ event }) => ({ code: event.output.code }),
                  },
                  description:
                    'The code read from the SMS passes the same check as a typed one and is ' +
                    'activated; one that fails it is ignored.',
                },
                onError: {
                  actions: {
                    type: 'emitSmsAutofillFailed',
                    params: ({ event }) => ({ error: event.error }),
                  },
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
                  ignoreMalformed,
                  {
                    guard: {
                      type: 'isCodeWellFormed',
                      params: ({ event }) => ({ code: event.code }),
                    },
                    target: '#otpAuth.activating',
                    actions: { type: 'acceptCode', params: ({ event }) => ({ code: event.code }) },
                    description: 'Activate the code.',
                  },
                  {
                    actions: 'rejectCodeFormat',
                    description: 'Not a code: stays here with `invalid_code_format`; no request.',
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
        // Stryker disable next-line StringLiteral: equivalent, never used: `activating` is entered only with a code sent and typed (acceptCode), or retried from `error`, which keeps both.
        input: ({ context }) => ({ otpId: context.otpId ?? '', code: context.code ?? '' }),
        onDone: {
          target: 'authenticated',
          actions: [
            { type: 'storeAuthResult', params: ({ event }) => event.output },
            { type: 'emitAuthenticated', params: ({ event }) => event.output },
          ],
          description: 'The code was right.',
        },
        onError: [
          {
            guard: { type: 'isOutOfAttempts', params: errorParams },
            target: backToCode('locked'),
            actions: { type: 'lockCode', params: errorParams },
            description: 'Too many attempts: back to the code form, where only resend helps.',
          },
          {
            guard: { type: 'isWrongCode', params: errorParams },
            target: backToCode('entering'),
            actions: { type: 'storeWrongCode', params: errorParams },
            description: 'Wrong or expired code: back to the code form with the error.',
          },
          {
            target: 'error',
            actions: { type: 'storeActivationError', params: errorParams },
            description:
              'Activation failed for another reason; the code is kept for a retry while in `error`.',
          },
        ],
      },
      on: {
        'flow.cancel': {
          target: backToCode('entering'),
          actions: 'forgetCode',
          description: 'Abort the activation, forget the code and go back to the code form.',
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
            'No retry: only another identifier (`identifier.change`) or a reset goes on from ' +
            'here; the code is forgotten.',
          entry: 'forgetCode',
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

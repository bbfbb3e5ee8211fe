import { isFiniteNumber, isRecord } from './checks'
import { normalizeIdentifier } from './identifier'
import type { OtpAuthEvent, OtpEndpoint, OtpIntent, SavedOtpFlow } from './types'

const intents: readonly unknown[] = ['login', 'register', 'auto'] satisfies OtpIntent[]
const endpoints: readonly unknown[] = ['login', 'register'] satisfies OtpEndpoint[]

// A language tag such as `de`, `pt-BR` or `zh-Hant-TW` (BCP 47, without its rarer forms).
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i

/** A language tag as given (trimmed), or `undefined` for an empty or invalid one. */
export function toLanguage(value: unknown): string | undefined {
  const tag = typeof value === 'string' ? value.trim() : ''
  return LANGUAGE_TAG.test(tag) ? tag : undefined
}

/** Whether `value` follows the saved-flow rules: what `parseSavedOtpFlow` and `flow.restore` accept. */
export function isSavedOtpFlow(value: unknown): value is SavedOtpFlow {
  if (!isRecord(value)) return false
  return (
    value.version === 1 &&
    normalizeIdentifier(value.identifier)?.identifier === value.identifier &&
    intents.includes(value.intent) &&
    endpoints.includes(value.endpoint) &&
    (value.language === undefined || typeof value.language === 'string') &&
    (value.step === 'authenticated' ||
      (value.step === 'awaitingCode' &&
        typeof value.otpId === 'string' &&
        value.otpId !== '' &&
        isFiniteNumber(value.codeExpiresAt) &&
        isFiniteNumber(value.resendAvailableAt) &&
        Number.isInteger(value.attempts) &&
        (value.attempts as number) >= 0 &&
        typeof value.locked === 'boolean'))
  )
}

type EventField = 'identifier' | 'intent' | 'language' | 'code' | 'saved'

/**
 * The field of an event that a JavaScript caller sent past the types, or `null` when it is well
 * formed. A well-formed event may still hold a wrong identifier or code: that is the person's
 * input, refused with `invalid_identifier` or `invalid_code_format`.
 */
export function malformedEventField(event: OtpAuthEvent): EventField | null {
  const fields = event as unknown as Record<string, unknown>
  switch (event.type) {
    case 'identifier.submit':
      if (typeof fields.identifier !== 'string') return 'identifier'
      if (fields.intent !== undefined && !intents.includes(fields.intent)) return 'intent'
      if (fields.language !== undefined && typeof fields.language !== 'string') return 'language'
      return null
    case 'code.submit':
      return typeof fields.code === 'string' ? null : 'code'
    case 'flow.restore':
      return isSavedOtpFlow(fields.saved) ? null : 'saved'
    default:
      return null
  }
}

// What each field must be, for the development warning.
const expected: Record<EventField, string> = {
  identifier: 'a string',
  intent: 'login, register or auto',
  language: 'a string',
  code: 'a string',
  saved: 'a saved flow (see parseSavedOtpFlow)',
}

// Only a wrong intent is a string, shown as given; a malformed code is never one, so the text
// never repeats a code.
const describe = (value: unknown) =>
  typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value

/**
 * What is wrong with an event that a JavaScript caller sent past the types, or `null` when it is
 * well formed (see `malformedEventField`). Development only: the machine calls it behind the
 * `NODE_ENV` guard, so production builds leave these texts out.
 */
export function malformedEventProblem(event: OtpAuthEvent): string | null {
  const field = malformedEventField(event)
  if (field === null) return null
  const value = (event as unknown as Record<string, unknown>)[field]
  return `${field} must be ${expected[field]}, not ${describe(value)}`
}

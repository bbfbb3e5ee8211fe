import { normalizeIdentifier } from './identifier'
import type { OtpAuthEvent, OtpEndpoint, OtpIntent, SavedOtpFlow } from './types'

const intents: readonly unknown[] = ['login', 'register', 'auto'] satisfies OtpIntent[]
const endpoints: readonly unknown[] = ['login', 'register'] satisfies OtpEndpoint[]
const isTime = (value: unknown) => typeof value === 'number' && Number.isFinite(value)
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

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
        isTime(value.codeExpiresAt) &&
        isTime(value.resendAvailableAt) &&
        Number.isInteger(value.attempts) &&
        (value.attempts as number) >= 0 &&
        typeof value.locked === 'boolean'))
  )
}

const typeOf = (value: unknown) => (value === null ? 'null' : typeof value)

/**
 * What is wrong with an event that a JavaScript caller sent past the types, or `null` when it is
 * well formed. A well-formed event may still hold a wrong identifier or code: that is the
 * person's input, refused with `invalid_identifier` or `invalid_code_format`. The text never
 * repeats a code.
 */
export function malformedEventProblem(event: OtpAuthEvent): string | null {
  const fields = event as unknown as Record<string, unknown>
  switch (event.type) {
    case 'identifier.submit':
      if (typeof fields.identifier !== 'string') {
        return `identifier must be a string, not ${typeOf(fields.identifier)}`
      }
      if (fields.intent !== undefined && !intents.includes(fields.intent)) {
        return `intent must be login, register or auto, not ${JSON.stringify(fields.intent) ?? typeOf(fields.intent)}`
      }
      if (fields.language !== undefined && typeof fields.language !== 'string') {
        return `language must be a string, not ${typeOf(fields.language)}`
      }
      return null
    case 'code.submit':
      return typeof fields.code === 'string'
        ? null
        : `code must be a string, not ${typeOf(fields.code)}`
    case 'flow.restore':
      return isSavedOtpFlow(fields.saved)
        ? null
        : 'saved is not a saved flow (see parseSavedOtpFlow)'
    default:
      return null
  }
}

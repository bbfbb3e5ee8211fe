export type IdentifierChannel = 'email' | 'sms'

export interface NormalizedIdentifier {
  identifier: string
  channel: IdentifierChannel
}

const E164 = /^\+[1-9]\d{7,14}$/
const PHONE_PUNCTUATION = /[\s().-]/g
// Local part and domain without whitespace or a second @, and a dotted domain.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/
// C0 and C1 control characters, which no address may carry.
// biome-ignore lint/suspicious/noControlCharactersInRegex: they are what it looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const MAX_EMAIL_LENGTH = 254

/**
 * Validates and normalises an email address or E.164 phone number as Passage does:
 * trimmed, email lower-cased, phone punctuation stripped. Returns `null` when invalid.
 */
export function normalizeIdentifier(raw: unknown): NormalizedIdentifier | null {
  if (typeof raw !== 'string') return null
  const trimmed = raw.trim()
  if (trimmed === '' || CONTROL.test(trimmed)) return null
  if (trimmed.includes('@')) {
    const email = trimmed.toLowerCase()
    return email.length <= MAX_EMAIL_LENGTH && EMAIL.test(email)
      ? { identifier: email, channel: 'email' }
      : null
  }
  const phone = trimmed.replace(PHONE_PUNCTUATION, '')
  return E164.test(phone) ? { identifier: phone, channel: 'sms' } : null
}

export function isValidIdentifier(raw: unknown): boolean {
  return normalizeIdentifier(raw) !== null
}

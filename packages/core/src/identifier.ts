export type IdentifierChannel = 'email' | 'sms'

export interface NormalizedIdentifier {
  identifier: string
  channel: IdentifierChannel
}

const E164 = /^\+[1-9]\d{7,14}$/
const PHONE_PUNCTUATION = /[\s()-]/g
// Passage accepts plain ASCII addresses: this refuses look-alike letters, invisible marks and
// control characters before any request is sent.
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/
const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
const LOCAL_PART = new RegExp(`^${ATOM}(\\.${ATOM})*$`)
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/
// The domain's last label, after its dot: letters, or an internationalised (punycode) name.
const TOP_LEVEL = /\.([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/
const MAX_EMAIL_LENGTH = 254
const MAX_LOCAL_LENGTH = 64

/** For a value with an `@`; a second `@` lands in the domain, whose labels refuse it. */
function isEmail(email: string): boolean {
  const at = email.indexOf('@')
  const local = email.slice(0, at)
  const domain = email.slice(at + 1)
  return (
    email.length <= MAX_EMAIL_LENGTH &&
    local.length <= MAX_LOCAL_LENGTH &&
    LOCAL_PART.test(local) &&
    domain.split('.').every((label) => HOST_LABEL.test(label)) &&
    TOP_LEVEL.test(domain)
  )
}

/**
 * Validates and normalises an email address or E.164 phone number as Passage does:
 * trimmed, email lower-cased, phone punctuation stripped. Returns `null` when invalid.
 *
 * @example
 * ```ts
 * import { normalizeIdentifier } from '@passage-otp/core'
 *
 * normalizeIdentifier(' Ada@Example.com ') // { identifier: 'ada@example.com', channel: 'email' }
 * normalizeIdentifier('+1 (415) 555-0101') // { identifier: '+14155550101', channel: 'sms' }
 * normalizeIdentifier('ada') // null
 * ```
 */
export function normalizeIdentifier(raw: unknown): NormalizedIdentifier | null {
  if (typeof raw !== 'string') return null
  const trimmed = raw.trim()
  if (!PRINTABLE_ASCII.test(trimmed)) return null
  if (trimmed.includes('@')) {
    const email = trimmed.toLowerCase()
    return isEmail(email) ? { identifier: email, channel: 'email' } : null
  }
  const phone = trimmed.replace(PHONE_PUNCTUATION, '')
  return E164.test(phone) ? { identifier: phone, channel: 'sms' } : null
}

/**
 * Whether `normalizeIdentifier` accepts the value.
 *
 * @example
 * ```ts
 * import { isValidIdentifier } from '@passage-otp/core'
 *
 * isValidIdentifier('+14155550101') // true
 * isValidIdentifier('415 555 0101') // false: a phone number needs its country code
 * ```
 */
export function isValidIdentifier(raw: unknown): boolean {
  return normalizeIdentifier(raw) !== null
}

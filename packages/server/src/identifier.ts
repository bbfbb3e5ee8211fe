import type { Channel } from './passage'

export type IdentifierResult =
  | { ok: true; identifier: string; channel: Channel }
  | { ok: false; error: string }

const MAX_EMAIL_LENGTH = 254
const MAX_LOCAL_LENGTH = 64
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const TOP_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/
const PHONE_SEPARATORS = /[ ()-]/g
const E164 = /^\+[1-9][0-9]{7,14}$/
// Printable ASCII only: control characters, other whitespace and non-ASCII are refused.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

const INVALID = 'identifier: must be a valid email address or E.164 phone number.'

/**
 * Validates and normalises an email address (trimmed, lower-cased) or an E.164 phone number
 * (spaces, dashes and parentheses removed), with the reason when it is invalid. The same rules
 * as the core's `normalizeIdentifier` (a test checks that the two agree).
 */
export function parseIdentifier(input: string): IdentifierResult {
  const trimmed = input.trim()
  if (trimmed === '') return { ok: false, error: 'identifier: cannot be blank.' }
  if (!PRINTABLE_ASCII.test(trimmed)) return { ok: false, error: INVALID }
  if (trimmed.includes('@')) {
    const email = normalizeEmail(trimmed)
    return email === undefined
      ? { ok: false, error: INVALID }
      : { ok: true, identifier: email, channel: 'email' }
  }
  const phone = trimmed.replace(PHONE_SEPARATORS, '')
  return E164.test(phone)
    ? { ok: true, identifier: phone, channel: 'sms' }
    : { ok: false, error: INVALID }
}

function normalizeEmail(trimmed: string): string | undefined {
  const email = trimmed.toLowerCase()
  if (email.length > MAX_EMAIL_LENGTH || email.includes(' ')) return undefined
  const parts = email.split('@')
  if (parts.length !== 2) return undefined
  const [local = '', domain = ''] = parts
  if (local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local)) return undefined
  const labels = domain.split('.')
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return undefined
  if (!TOP_LABEL.test(labels[labels.length - 1] ?? '')) return undefined
  return email
}

/** The normalised identifier, or the input as it is: for filters, where it then matches nothing. */
export function identifierFilter(input: string): string {
  const result = parseIdentifier(input)
  return result.ok ? result.identifier : input
}

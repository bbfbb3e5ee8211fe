import { describe, expect, test } from 'vitest'
import {
  getCodeInputAttributes,
  getCodeInputProps,
  isValidCodeFormat,
  normalizeCode,
} from '../src/code'
import { createOtpAuthError, OtpAuthError, otpAuthErrorKinds, toOtpAuthError } from '../src/errors'

// Cases the mutation run found untested: every digit of each script a code is typed in, the code
// input's attributes, and how an unknown rejection becomes a typed error.

describe('normalizeCode reads every digit of each script as its ASCII digit', () => {
  test.each([
    ['ASCII', '0123456789'],
    ['full-width', '０１２３４５６７８９'],
    ['Arabic-Indic (U+0660–0669)', '٠١٢٣٤٥٦٧٨٩'],
    ['Eastern Arabic-Indic (U+06F0–06F9)', '۰۱۲۳۴۵۶۷۸۹'],
  ])('%s', (_, digits) => {
    expect(normalizeCode(digits)).toBe('0123456789')
  })

  test('a value that is not a string is never a code, whatever the length asked for', () => {
    for (const length of [6, 0]) {
      expect(isValidCodeFormat(123456, length)).toBe(false)
      expect(isValidCodeFormat(null, length)).toBe(false)
    }
  })

  test('digits of other scripts and signs next to the Arabic ranges are dropped', () => {
    // Devanagari digits, the Arabic percent sign (U+066A) and the extended hamza (U+06FA).
    expect(normalizeCode('१२३٪ۺ')).toBe('')
  })
})

describe('the code input', () => {
  test('asks for a one-time code on the numeric keyboard, room for separators', () => {
    expect(getCodeInputProps()).toEqual({
      name: 'one-time-code',
      type: 'text',
      inputMode: 'numeric',
      autoComplete: 'one-time-code',
      pattern: '[\\p{Nd}\\p{Pd}\\p{Cf}\\s\\u2212]*',
      maxLength: 12,
      autoCapitalize: 'off',
      autoCorrect: 'off',
      spellCheck: false,
    })
    expect(getCodeInputProps(8).maxLength).toBe(16)
  })

  test('as HTML attribute names', () => {
    expect(getCodeInputAttributes(8)).toMatchObject({
      name: 'one-time-code',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      maxlength: 16,
    })
  })
})

test('otpAuthErrorKinds: the thirteen kinds, in the order the errors reference lists them', () => {
  expect(otpAuthErrorKinds).toEqual([
    'invalid_identifier',
    'user_not_found',
    'user_exists',
    'invalid_code_format',
    'invalid_or_expired_code',
    'code_expired',
    'too_many_attempts',
    'user_inactive',
    'rate_limited',
    'network',
    'timeout',
    'server',
    'bad_response',
  ])
})

test('an OtpAuthError is named for its type in stack traces and logs', () => {
  const error = createOtpAuthError('timeout')
  expect(error.name).toBe('OtpAuthError')
  expect(String(error)).toBe('OtpAuthError: The server took too long to answer. Try again.')
})

test('an OtpAuthError serialises to the fields it was given, the others left out', () => {
  expect(JSON.parse(JSON.stringify(createOtpAuthError('timeout')))).toEqual({
    kind: 'timeout',
    message: 'The server took too long to answer. Try again.',
  })
  const limited = createOtpAuthError('rate_limited', { status: 429, retryAfterMs: 7000 })
  expect(JSON.stringify(limited)).toBe(
    '{"kind":"rate_limited","message":"Too many requests. Wait a moment and try again.","status":429,"retryAfterMs":7000}',
  )
  expect([limited.code, limited.status]).toEqual([undefined, 429])
})

describe('toOtpAuthError', () => {
  test('an OtpAuthError passes through as the same object', () => {
    const error = createOtpAuthError('timeout')
    expect(toOtpAuthError(error)).toBe(error)
  })

  test('an error-like object of a known kind becomes an OtpAuthError with its fields', () => {
    const error = toOtpAuthError({ kind: 'server', message: 'Boom', status: 503 })
    expect(error).toBeInstanceOf(OtpAuthError)
    expect(error.toJSON()).toEqual({ kind: 'server', message: 'Boom', status: 503 })
  })

  test.each([
    ['no message', { kind: 'server' }],
    ['a message that is not text', { kind: 'server', message: 42 }],
    ['an unknown kind', { kind: 'nope', message: 'x' }],
    ['null', null],
    ['a string', 'server'],
    ['an Error', new Error('boom')],
  ])('anything else (%s) is a network error that keeps it as the cause', (_, value) => {
    const error = toOtpAuthError(value)
    expect(error.kind).toBe('network')
    expect(error.cause).toBe(value)
  })
})

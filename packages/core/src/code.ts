import { toHtmlAttributes } from './html-attributes'

export const DEFAULT_CODE_LENGTH = 6

// What may stand between the digits of a pasted code: spaces of every kind, dashes of every kind
// (and the minus sign), and the invisible characters that copying from a message brings along
// (soft hyphen, zero-width space and joiners, direction marks, word joiner, byte order mark).
const SEPARATOR = /[\s\p{Pd}\u2212\u00ad\u061c\u200b-\u200f\u2060\ufeff]/u
const DECIMAL_DIGIT = /^\p{Nd}$/u

/**
 * A decimal digit of any script that people type codes in, as its ASCII digit: full-width and
 * other compatibility forms through Unicode NFKC, Arabic-Indic (U+0660–0669) and Eastern
 * Arabic-Indic (U+06F0–06F9) by their value. `null` for anything else (superscripts, circled
 * digits and digits of other scripts included).
 */
function asciiDigit(char: string): string | null {
  if (!DECIMAL_DIGIT.test(char)) return null
  const compatible = char.normalize('NFKC')
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, NFKC turns a decimal digit into one character and never into one below '0'
  if (compatible >= '0' && compatible <= '9' && compatible.length === 1) return compatible
  const point = char.codePointAt(0) ?? 0
  // Stryker disable next-line ConditionalExpression: equivalent, the only decimal digits below U+0660 are ASCII, returned above
  if (point >= 0x0660 && point <= 0x0669) return String(point - 0x0660)
  // Stryker disable next-line ConditionalExpression: equivalent, no decimal digit lies between U+0669 and U+06F0
  if (point >= 0x06f0 && point <= 0x06f9) return String(point - 0x06f0)
  return null
}

/** The ASCII digits of a code, and whether anything but digits and separators was in it. */
function readCode(raw: unknown): { digits: string; clean: boolean } {
  if (typeof raw !== 'string') return { digits: '', clean: false }
  let digits = ''
  let clean = true
  for (const char of raw) {
    const digit = asciiDigit(char)
    if (digit !== null) digits += digit
    else if (!SEPARATOR.test(char)) clean = false
  }
  return { digits, clean }
}

/**
 * Keeps the digits of a typed or pasted code, as ASCII: "123 456", "123-456", "１２３４５６" and
 * "١٢٣٤٥٦" all give "123456". Anything that is no digit is dropped.
 *
 * @example
 * ```ts
 * import { normalizeCode } from '@passage-otp/core'
 *
 * normalizeCode('123 456') // '123456'
 * normalizeCode('１２３-４５６') // '123456'
 * ```
 */
export function normalizeCode(raw: unknown): string {
  return readCode(raw).digits
}

/**
 * A code of `length` digits, in any of the forms `normalizeCode` reads, with nothing between them
 * but spaces, dashes and invisible characters.
 *
 * @example
 * ```ts
 * import { isValidCodeFormat } from '@passage-otp/core'
 *
 * isValidCodeFormat('123 456') // true
 * isValidCodeFormat('12345') // false
 * isValidCodeFormat('12345678', 8) // true
 * ```
 */
export function isValidCodeFormat(raw: unknown, length = DEFAULT_CODE_LENGTH): boolean {
  const { digits, clean } = readCode(raw)
  return clean && digits.length === length
}

/** Attributes for a one-time-code input that browsers and phones can autofill. */
export interface CodeInputProps {
  name: string
  type: 'text'
  inputMode: 'numeric'
  autoComplete: 'one-time-code'
  pattern: string
  maxLength: number
  autoCapitalize: 'off'
  autoCorrect: 'off'
  spellCheck: false
}

/**
 * Props for the code field: `autocomplete="one-time-code"`, a numeric keyboard and room for a
 * pasted "123 456" or "１２３ ４５６". Pass the field's value through `normalizeCode` before
 * submitting, or submit it as typed: the machine reads it the same way.
 *
 * @example
 * ```ts
 * import { getCodeInputProps } from '@passage-otp/core'
 *
 * const input = document.createElement('input')
 * const { autoComplete, inputMode, maxLength } = getCodeInputProps(6)
 * input.autocomplete = autoComplete
 * input.inputMode = inputMode
 * input.maxLength = maxLength
 * ```
 */
export function getCodeInputProps(length = DEFAULT_CODE_LENGTH): CodeInputProps {
  return {
    name: 'one-time-code',
    type: 'text',
    inputMode: 'numeric',
    autoComplete: 'one-time-code',
    // Digits of any script, spaces, dashes and invisible marks: what `isValidCodeFormat` reads.
    pattern: '[\\p{Nd}\\p{Pd}\\p{Cf}\\s\\u2212]*',
    maxLength: length * 2,
    autoCapitalize: 'off',
    autoCorrect: 'off',
    spellCheck: false,
  }
}

/**
 * The same as `getCodeInputProps`, as HTML attribute names (Vue templates, plain DOM).
 *
 * @example
 * ```ts
 * import { getCodeInputAttributes } from '@passage-otp/core'
 *
 * const input = document.createElement('input')
 * for (const [name, value] of Object.entries(getCodeInputAttributes())) {
 *   input.setAttribute(name, String(value))
 * }
 * ```
 */
export function getCodeInputAttributes(length = DEFAULT_CODE_LENGTH) {
  return toHtmlAttributes(getCodeInputProps(length))
}

export const DEFAULT_CODE_LENGTH = 6

/** Keeps the digits of a typed or pasted code ("123 456", "123-456" → "123456"). */
export function normalizeCode(raw: unknown): string {
  return typeof raw === 'string' ? raw.replace(/\D/g, '') : ''
}

export function isValidCodeFormat(raw: unknown, length = DEFAULT_CODE_LENGTH): boolean {
  const code = normalizeCode(raw)
  return code.length === length && typeof raw === 'string' && /^[\d\s-]+$/.test(raw.trim())
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
 * pasted "123 456". Pass the field's value through `normalizeCode` before submitting.
 */
export function getCodeInputProps(length = DEFAULT_CODE_LENGTH): CodeInputProps {
  return {
    name: 'one-time-code',
    type: 'text',
    inputMode: 'numeric',
    autoComplete: 'one-time-code',
    pattern: '[0-9 -]*',
    maxLength: length * 2,
    autoCapitalize: 'off',
    autoCorrect: 'off',
    spellCheck: false,
  }
}

/** The same as `getCodeInputProps`, as HTML attribute names (Vue templates, plain DOM). */
export function getCodeInputAttributes(length = DEFAULT_CODE_LENGTH) {
  const props = getCodeInputProps(length)
  return {
    name: props.name,
    type: props.type,
    inputmode: props.inputMode,
    autocomplete: props.autoComplete,
    pattern: props.pattern,
    maxlength: props.maxLength,
    autocapitalize: props.autoCapitalize,
    autocorrect: props.autoCorrect,
    spellcheck: 'false',
  } as const
}

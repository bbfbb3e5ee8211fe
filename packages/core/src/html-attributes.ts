// React's prop names that differ from the HTML attribute of the same meaning.
const htmlNames = {
  readOnly: 'readonly',
  inputMode: 'inputmode',
  autoComplete: 'autocomplete',
  maxLength: 'maxlength',
  autoCapitalize: 'autocapitalize',
  autoCorrect: 'autocorrect',
  spellCheck: 'spellcheck',
} as const

type HtmlNames = typeof htmlNames

/** Props in React's names, renamed to HTML attributes; `spellcheck` is the string HTML wants. */
export type HtmlAttributes<Props> = {
  [K in keyof Props as K extends keyof HtmlNames ? HtmlNames[K] : K]: K extends 'spellCheck'
    ? 'true' | 'false'
    : Props[K]
}

/**
 * The same props under HTML attribute names (`readOnly` → `readonly`, …), for Vue templates and
 * plain DOM, where a React name would become an attribute of its own.
 *
 * @example
 * ```ts
 * import { getCodeInputProps, toHtmlAttributes } from '@passage-otp/core'
 *
 * toHtmlAttributes({ ...getCodeInputProps(), readOnly: true }).readonly // true
 * ```
 */
export function toHtmlAttributes<Props extends object>(props: Props): HtmlAttributes<Props> {
  return Object.fromEntries(
    Object.entries(props).map(([name, value]) =>
      name === 'spellCheck'
        ? [htmlNames.spellCheck, String(value)]
        : [htmlNames[name as keyof HtmlNames] ?? name, value],
    ),
  ) as HtmlAttributes<Props>
}

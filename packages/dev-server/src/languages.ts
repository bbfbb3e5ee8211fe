export const LANGUAGES = ['de', 'en', 'es', 'it', 'pl', 'pt', 'zh'] as const
export const DEFAULT_LANGUAGE = 'en'

/** A supported language code (case-insensitive) is kept; anything else means the app default. */
export function resolveLanguage(value: string | undefined): string {
  const code = value?.trim().toLowerCase()
  return LANGUAGES.find((language) => language === code) ?? DEFAULT_LANGUAGE
}

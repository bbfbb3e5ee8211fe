/**
 * Whether this is a development build: bundlers replace `process.env.NODE_ENV`; where nothing
 * defines it (a browser without a bundler), warnings stay off.
 */
export function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== 'production'
  } catch {
    return false
  }
}

const warned = new Set<string>()

/** `console.warn(message)` once per `key`, and only in development. */
export function warnOnce(key: string, message: string): void {
  if (warned.has(key) || !isDevelopment()) return
  warned.add(key)
  console.warn(message)
}

/** Receives what went wrong without breaking anything (a value that could not be read, …). */
export type WarningHandler = (message: string, detail?: unknown) => void

/** The default of every `onWarning` option: `console.warn`, prefixed with the library's name. */
export const defaultWarningHandler: WarningHandler = (message, detail) => {
  if (typeof console !== 'undefined') console.warn(`[passage-otp] ${message}`, detail ?? '')
}

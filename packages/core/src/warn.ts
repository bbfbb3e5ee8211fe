const warned = new Set<string>()

/**
 * `console.warn(message)` once per `key`. Call it behind the development guard that bundlers fold,
 * `typeof process === 'object' && process.env.NODE_ENV !== 'production'`, so that production
 * builds leave the call and its text out (and a browser without a bundler stays quiet).
 */
export function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return
  warned.add(key)
  console.warn(message)
}

/** Receives what went wrong without breaking anything (a value that could not be read, …). */
export type WarningHandler = (message: string, detail?: unknown) => void

/** The default of every `onWarning` option: `console.warn`, prefixed with the library's name. */
export const defaultWarningHandler: WarningHandler = (message, detail) => {
  if (typeof console !== 'undefined') console.warn(`[passage-otp] ${message}`, detail ?? '')
}

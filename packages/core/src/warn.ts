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

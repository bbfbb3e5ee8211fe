/** The local dev server (`pnpm dev` or `passage-otp-dev-server`) and its default app. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8787/v1'
export const DEFAULT_APP_ID = 'demo'

/** The build-time settings, from `import.meta.env`. */
export interface ExampleEnv {
  VITE_PASSAGE_APP_ID?: string
  VITE_PASSAGE_BASE_URL?: string
  /** Seconds between two sends; match the server's cooldown (the API does not tell it). */
  VITE_PASSAGE_RESEND_COOLDOWN?: string
}

export interface ExampleConfig {
  appId: string
  baseURL: string
  /** Set only when configured; the flow's default (30 s) applies otherwise. */
  resendCooldownMs?: number
  /**
   * `?inspect` in the URL: the hosted Stately inspector (it needs the internet);
   * `?inspect=console`: each transition in the browser console (works offline).
   */
  inspect: InspectMode
}

/** Where the examples show the running flow, if anywhere. */
export type InspectMode = false | 'stately' | 'console'

function inspectMode(query: URLSearchParams): InspectMode {
  if (!query.has('inspect')) return false
  const value = query.get('inspect')
  if (value === 'false') return false
  return value === 'console' ? 'console' : 'stately'
}

/**
 * Build-time settings, overridden at run time by the page's query: `?baseURL=`, `?appId=`,
 * `?resendCooldown=` (seconds) and `?inspect` (or `?inspect=console`). Invalid values are ignored.
 */
export function readExampleConfig(env: ExampleEnv, search: string): ExampleConfig {
  const query = new URLSearchParams(search)
  const pick = (...values: (string | null | undefined)[]) =>
    values.map((value) => value?.trim()).find((value) => value)
  const baseURL = [query.get('baseURL'), env.VITE_PASSAGE_BASE_URL].find(isHttpUrl)
  const cooldown = pick(query.get('resendCooldown'), env.VITE_PASSAGE_RESEND_COOLDOWN)
  const seconds = cooldown === undefined ? Number.NaN : Number(cooldown)
  const config: ExampleConfig = {
    appId: pick(query.get('appId'), env.VITE_PASSAGE_APP_ID) ?? DEFAULT_APP_ID,
    baseURL: (baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    inspect: inspectMode(query),
  }
  if (Number.isFinite(seconds) && seconds >= 0) config.resendCooldownMs = seconds * 1000
  return config
}

/**
 * The options both examples pass to `useOtpAuth` / `provideOtpAuth`, built in one place, with
 * the extras each app imports from the core (a flow carries only the extras it is given):
 * - `persist: createFlowPersistence({ storage: sessionStorage })`: a reload on the code step comes
 *   back to the code step without sending a new code, and a signed-in person stays on the
 *   signed-in step (tokens are never saved). The examples are client-only, so `sessionStorage`.
 * - `webOtp: createWebOtpReader()`: on phones that support it, the code from the SMS fills itself
 *   in; inert for email.
 */
export function flowOptions<Extras extends object>(config: ExampleConfig, extras: Extras) {
  const { appId, baseURL, resendCooldownMs } = config
  return {
    appId,
    baseURL,
    input: resendCooldownMs === undefined ? undefined : { resendCooldownMs },
    ...extras,
  }
}

/** The dev server's inbox page for a loopback base URL such as `http://127.0.0.1:8787/v1`. */
export function devInboxUrl(baseURL: string): string | null {
  try {
    const url = new URL(baseURL)
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return null
    return `${url.origin}/__dev/inbox`
  } catch {
    return null
  }
}

function isHttpUrl(value: string | null | undefined): value is string {
  if (!value) return false
  try {
    const { protocol } = new URL(value)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

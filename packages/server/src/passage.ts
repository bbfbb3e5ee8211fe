import type { KeyRing } from './keys'
import type { Hasher } from './secrets'
import type { OtpIntent, Store } from './store'

/** The rules of one app. */
export interface AppRules {
  codeTtlMs: number
  /** Tries per code; the one that uses the last answers 401 `exceeded_attempts`. */
  maxAttempts: number
  /** Minimum time between two sends to one identifier; 0 = none. */
  resendCooldownMs: number
  authTokenTtlSeconds: number
  refreshTokenTtlMs: number
  redirectUrl: string
}

export type Channel = 'email' | 'sms'

/** A code to deliver: the only place the code exists in clear. */
export interface CodeMessage {
  appId: string
  otpId: string
  identifier: string
  channel: Channel
  intent: OtpIntent
  code: string
  /** As the client asked (trimmed, lower-cased); the delivery picks what it has. */
  language: string | undefined
  createdAt: number
  expiresAt: number
}

/** Sends codes to people; throws when it could not. */
export interface Delivery {
  deliver(message: CodeMessage): Promise<void>
}

/** Everything the Passage routes need: one per server, whatever the preset. */
export interface Passage {
  store: Store
  /** The apps served, by id. */
  apps: ReadonlyMap<string, AppRules>
  hasher: Hasher
  keys: KeyRing
  delivery: Delivery
  now: () => number
  /** Per-IP fixed window on `/v1`, or off. */
  ipRateLimit: { max: number; windowMs: number } | false
  retryAfterFormat: 'seconds' | 'http-date'
  /** Behind one reverse proxy: the client is the last `X-Forwarded-For` entry. */
  trustProxy: boolean
  /** Origin for the JWT `iss`; the request's origin when undefined. */
  publicUrl: () => string | undefined
  /** Called when a delivery failed (the request answers 503); never given the code. */
  onDeliveryError: (error: unknown, message: Omit<CodeMessage, 'code'>) => void
}

/** The rules of an app the routes already checked exists. */
export function rulesOf(passage: Passage, appId: string): AppRules {
  const rules = passage.apps.get(appId)
  if (rules === undefined) throw new Error(`unknown app ${appId}`)
  return rules
}

/** The three user states the dev server knows. */
export type UserStatus = 'active' | 'pending' | 'inactive'

/** Opt-in fault injection for `/v1/*` requests. Rates are probabilities from 0 to 1. */
export interface Faults {
  /** Delay every `/v1` response by this many milliseconds. */
  latencyMs?: number
  /** Probability of answering `errorStatus` instead of handling the request. */
  errorRate?: number
  /** Status used by `errorRate` (default 503). */
  errorStatus?: 500 | 502 | 503
  /** Probability of answering 200 with a truncated JSON body (the request is still handled). */
  malformedJsonRate?: number
  /** Probability of destroying the socket without any response (the request is not handled). */
  dropRate?: number
  /** Probability of answering 429 `rate_limited` with `Retry-After: retryAfterSeconds`. */
  rateLimitRate?: number
  /** `Retry-After` used by `rateLimitRate` (default 1). */
  retryAfterSeconds?: number
}

/** The two send endpoints, `login/otp` and `register/otp` (named as in the core). */
export type OtpEndpoint = 'login' | 'register'
export type Channel = 'email' | 'sms'

/** One "delivered" code, as stored in the dev outbox. */
export interface OutboxMessage {
  id: string
  appId: string
  otpId: string
  identifier: string
  channel: Channel
  intent: OtpEndpoint
  code: string
  language: string
  /** ISO 8601 */
  createdAt: string
  /** ISO 8601 */
  expiresAt: string
}

export interface UserRecord {
  id: string
  identifier: string
  status: UserStatus
}

export interface SeedUser {
  identifier: string
  status?: UserStatus
}

export interface DevServerOptions {
  /** Port to listen on; default 0 (a free port). The CLI defaults to 8787. */
  port?: number
  /** Interface to listen on; default '127.0.0.1'. */
  host?: string
  /** The app id; default 'demo'. */
  appId?: string
  /** More app ids served by the same server (each with its own users, codes and tokens). */
  appIds?: string[]
  /** Code lifetime; default 300. */
  codeTtlSeconds?: number
  /** Wrong tries allowed per code; default 5. The try that uses the last one answers 401. */
  maxAttempts?: number
  /** Minimum time between two sends to one identifier; default 30 (0 disables). */
  resendCooldownSeconds?: number
  /** Per-IP fixed window on `/v1`; default 120 requests per 60 s; `false` or max 0 disables. */
  ipRateLimit?: { max: number; windowSeconds: number } | false
  /** `Retry-After` as integer seconds (default) or as an HTTP date. */
  retryAfterFormat?: 'seconds' | 'http-date'
  /** Auth token (JWT) lifetime; default 3600. */
  authTokenTtlSeconds?: number
  /** Refresh token lifetime; default 30 days. */
  refreshTokenTtlSeconds?: number
  /** `redirect_url` of every auth result; default '/'. */
  redirectUrl?: string
  /** Users that exist from the start (status defaults to 'active'), in every app. */
  users?: SeedUser[]
  /** Faults active from the start. */
  faults?: Faults
  /** Where lines go; default console.log; false = silent. */
  logger?: ((line: string) => void) | false
  /** Clock in milliseconds for every TTL, cooldown and limit; default Date.now. */
  now?: () => number
  /** Random source in [0, 1) for fault injection only; default Math.random. */
  random?: () => number
  /** Origin used for the JWT `iss`; default the listening URL (or the request origin in-process). */
  publicUrl?: string
  /** How often expired entries are swept, in real milliseconds; default 10000. */
  sweepIntervalMs?: number
}

export interface OutboxControls {
  /** Newest first; only one identifier's messages when given (normalised like the API does). */
  messages(identifier?: string): OutboxMessage[]
  latest(identifier: string): OutboxMessage | undefined
  clear(): void
}

export interface UserControls {
  /** `appId` defaults to the primary app. */
  get(identifier: string, appId?: string): UserRecord | undefined
  /** Creates or updates a user; throws a TypeError on an invalid identifier or status. */
  set(identifier: string, status: UserStatus, appId?: string): void
}

export interface DevStats {
  /** Requests seen on `/v1` (CORS preflights not counted), faulted and rate-limited ones included. */
  requests: number
  /** Same, keyed like 'POST /v1/apps/:appId/login/otp'. */
  requestsByRoute: Record<string, number>
  /** Live codes held in memory. */
  codes: number
  /** Refresh tokens held in memory. */
  refreshTokens: number
  /** Users in all apps. */
  users: number
  /** Identifiers in their resend cooldown. */
  cooldowns: number
  /** Per-IP rate-limit windows held in memory. */
  rateLimitBuckets: number
  /** Messages in the outbox (at most 1000). */
  outbox: number
}

/** What both the in-process app and the listening server let tests control. */
export interface DevControls {
  appId: string
  appIds: string[]
  outbox: OutboxControls
  users: UserControls
  setFaults(faults: Faults): void
  clearFaults(): void
  stats(): DevStats
  /** Deletes expired codes, refresh tokens, cooldowns and stale rate-limit buckets now. */
  sweep(): void
}

export interface DevServer extends DevControls {
  /** Origin, e.g. 'http://127.0.0.1:43123'. */
  url: string
  /** `url + '/v1'`: what a client passes as its baseURL. */
  baseURL: string
  /** Stops listening, ends idle keep-alive sockets, waits for in-flight requests (1 s grace). */
  close(): Promise<void>
}

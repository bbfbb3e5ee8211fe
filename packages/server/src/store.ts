/** The three user states. */
export type UserStatus = 'active' | 'pending' | 'inactive'

/** The two send endpoints, `login/otp` and `register/otp`. */
export type OtpIntent = 'login' | 'register'

export interface UserRecord {
  id: string
  identifier: string
  status: UserStatus
}

/** A live code; the code itself is never stored, only its keyed hash. */
export interface CodeRecord {
  otpId: string
  appId: string
  identifier: string
  intent: OtpIntent
  /** HMAC-SHA256 of the code (hex), keyed with the server secret. */
  codeHash: string
  createdAt: number
  expiresAt: number
  /** Tries used so far, the one under way included. */
  attempts: number
}

export type AttemptResult =
  | { kind: 'reserved'; code: CodeRecord }
  | { kind: 'exceeded' }
  | { kind: 'missing' }

export interface RefreshTokenRecord {
  /** HMAC-SHA256 of the token (hex), keyed with the server secret. */
  tokenHash: string
  appId: string
  userId: string
  expiresAt: number
}

/** A signing key; the private JWK is encrypted before it reaches the store. */
export interface KeyRecord {
  appId: string
  kid: string
  /** The public JWK as JSON. */
  publicJwk: string
  /** The private JWK, AES-256-GCM encrypted (see `secrets.ts`). */
  privateJwk: string
  createdAt: number
  /** When it stopped signing; null for the current key. */
  retiredAt: number | null
}

/** How many of each record a store holds. */
export interface StoreCounts {
  users: number
  codes: number
  cooldowns: number
  refreshTokens: number
  rateLimitBuckets: number
}

/**
 * Where the server keeps its state. Every method is one atomic step, in memory or in the
 * database, so that the rules hold across several server instances sharing one store. Times
 * are milliseconds since the epoch, from the server's clock.
 */
export interface Store {
  /** Answers when the store can serve requests (readiness). */
  ping(): Promise<void>
  close(): Promise<void>

  findUser(appId: string, identifier: string): Promise<UserRecord | undefined>
  findUserById(appId: string, id: string): Promise<UserRecord | undefined>
  /** Creates the user with `newId`, or sets the status of the existing one (its id stays). */
  saveUser(
    appId: string,
    identifier: string,
    status: UserStatus,
    newId: string,
  ): Promise<UserRecord>
  listUsers(appId: string): Promise<UserRecord[]>

  /**
   * Starts the identifier's cooldown until `until` unless one is running at `now`: answers 0
   * when it started, else the end of the running one.
   */
  claimCooldown(appId: string, identifier: string, now: number, until: number): Promise<number>
  releaseCooldown(appId: string, identifier: string): Promise<void>

  /** Stores the code; any other code of the same app and identifier stops existing. */
  putCode(code: CodeRecord): Promise<void>
  /**
   * Uses up one try of a live code: 'reserved' with the code (its attempts counted) when fewer
   * than `maxAttempts` were used, 'exceeded' when all were, 'missing' when there is no such live
   * code for the app.
   */
  reserveAttempt(
    appId: string,
    otpId: string,
    maxAttempts: number,
    now: number,
  ): Promise<AttemptResult>
  /** Deletes the code; true only for the one caller that deleted it. */
  takeCode(otpId: string): Promise<boolean>

  /** Counts a request in the IP's fixed window; answers the window's start and its count. */
  hitIp(ip: string, now: number, windowMs: number): Promise<{ windowStart: number; count: number }>

  putRefreshToken(token: RefreshTokenRecord): Promise<void>
  /** Deletes the token and answers it; undefined when another caller took it first. */
  takeRefreshToken(appId: string, tokenHash: string): Promise<RefreshTokenRecord | undefined>

  /** The app's keys, newest first. */
  listKeys(appId: string): Promise<KeyRecord[]>
  /** Adds the app's first key; does nothing when it has a current key already. */
  addFirstKey(key: KeyRecord): Promise<void>
  /** Retires the current key at `key.createdAt` and makes `key` the current one. */
  rotateKey(key: KeyRecord): Promise<void>

  /** Deletes expired codes, cooldowns, refresh tokens and rate-limit windows. */
  sweep(now: number, windowMs: number): Promise<void>
  counts(): Promise<StoreCounts>
}

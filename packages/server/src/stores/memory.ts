import type {
  CodeRecord,
  KeyRecord,
  RefreshTokenRecord,
  Store,
  StoreCounts,
  UserRecord,
  UserStatus,
} from '../store'

const key = (appId: string, identifier: string) => `${appId}\u0000${identifier}`

/**
 * Everything in process memory: for tests and the dev server. Each method runs to its end
 * without awaiting, which makes it atomic. The synchronous `*Now` methods serve the dev
 * server's controls.
 */
export class MemoryStore implements Store {
  readonly #users = new Map<string, UserRecord>()
  readonly #codes = new Map<string, CodeRecord>()
  readonly #latest = new Map<string, string>()
  readonly #cooldowns = new Map<string, number>()
  readonly #ips = new Map<string, { windowStart: number; count: number }>()
  readonly #tokens = new Map<string, RefreshTokenRecord>()
  readonly #keys: KeyRecord[] = []

  async ping(): Promise<void> {}
  async close(): Promise<void> {}

  findUserNow(appId: string, identifier: string): UserRecord | undefined {
    const user = this.#users.get(key(appId, identifier))
    return user && { ...user }
  }

  saveUserNow(appId: string, identifier: string, status: UserStatus, newId: string): UserRecord {
    const existing = this.#users.get(key(appId, identifier))
    const user = { id: existing?.id ?? newId, identifier, status }
    this.#users.set(key(appId, identifier), user)
    return { ...user }
  }

  async findUser(appId: string, identifier: string) {
    return this.findUserNow(appId, identifier)
  }

  async findUserById(appId: string, id: string) {
    for (const [k, user] of this.#users) {
      if (user.id === id && k === key(appId, user.identifier)) return { ...user }
    }
    return undefined
  }

  async saveUser(appId: string, identifier: string, status: UserStatus, newId: string) {
    return this.saveUserNow(appId, identifier, status, newId)
  }

  async listUsers(appId: string) {
    return [...this.#users.entries()]
      .filter(([k, user]) => k === key(appId, user.identifier))
      .map(([, user]) => ({ ...user }))
  }

  async claimCooldown(appId: string, identifier: string, now: number, until: number) {
    const running = this.#cooldowns.get(key(appId, identifier)) ?? 0
    if (running > now) return running
    this.#cooldowns.set(key(appId, identifier), until)
    return 0
  }

  async releaseCooldown(appId: string, identifier: string) {
    this.#cooldowns.delete(key(appId, identifier))
  }

  async putCode(code: CodeRecord) {
    const k = key(code.appId, code.identifier)
    const previous = this.#latest.get(k)
    if (previous !== undefined) this.#codes.delete(previous)
    this.#codes.set(code.otpId, { ...code })
    this.#latest.set(k, code.otpId)
  }

  reserveAttempt: Store['reserveAttempt'] = async (appId, otpId, maxAttempts, now) => {
    const code = this.#codes.get(otpId)
    if (code === undefined || code.appId !== appId) return { kind: 'missing' }
    if (now >= code.expiresAt) {
      // Gone for good, even if the clock goes back.
      void this.takeCode(otpId)
      return { kind: 'missing' }
    }
    if (code.attempts >= maxAttempts) return { kind: 'exceeded' }
    code.attempts += 1
    return { kind: 'reserved', code: { ...code } }
  }

  async takeCode(otpId: string) {
    const code = this.#codes.get(otpId)
    if (code === undefined) return false
    this.#codes.delete(otpId)
    const k = key(code.appId, code.identifier)
    if (this.#latest.get(k) === otpId) this.#latest.delete(k)
    return true
  }

  async hitIp(ip: string, now: number, windowMs: number) {
    let bucket = this.#ips.get(ip)
    if (bucket === undefined || now >= bucket.windowStart + windowMs) {
      bucket = { windowStart: now, count: 0 }
      this.#ips.set(ip, bucket)
    }
    bucket.count += 1
    return { ...bucket }
  }

  async putRefreshToken(token: RefreshTokenRecord) {
    this.#tokens.set(token.tokenHash, { ...token })
  }

  async takeRefreshToken(appId: string, tokenHash: string) {
    const token = this.#tokens.get(tokenHash)
    if (token === undefined || token.appId !== appId) return undefined
    this.#tokens.delete(tokenHash)
    return token
  }

  async listKeys(appId: string) {
    return this.#keys
      .filter((k) => k.appId === appId)
      .sort(
        (a, b) =>
          b.createdAt - a.createdAt || (b.retiredAt ?? Infinity) - (a.retiredAt ?? Infinity),
      )
      .map((k) => ({ ...k }))
  }

  async addFirstKey(record: KeyRecord) {
    if (this.#keys.some((k) => k.appId === record.appId && k.retiredAt === null)) return
    this.#keys.push({ ...record })
  }

  async rotateKey(record: KeyRecord) {
    for (const k of this.#keys) {
      if (k.appId === record.appId && k.retiredAt === null) k.retiredAt = record.createdAt
    }
    this.#keys.push({ ...record })
  }

  sweepNow(now: number, windowMs: number): void {
    for (const code of [...this.#codes.values()]) {
      if (now >= code.expiresAt) void this.takeCode(code.otpId)
    }
    for (const [k, until] of this.#cooldowns) if (now >= until) this.#cooldowns.delete(k)
    for (const [hash, token] of this.#tokens) if (now >= token.expiresAt) this.#tokens.delete(hash)
    for (const [ip, bucket] of this.#ips) {
      if (now >= bucket.windowStart + windowMs) this.#ips.delete(ip)
    }
  }

  async sweep(now: number, windowMs: number) {
    this.sweepNow(now, windowMs)
  }

  countsNow(): StoreCounts {
    return {
      users: this.#users.size,
      codes: this.#codes.size,
      cooldowns: this.#cooldowns.size,
      refreshTokens: this.#tokens.size,
      rateLimitBuckets: this.#ips.size,
    }
  }

  async counts() {
    return this.countsNow()
  }
}

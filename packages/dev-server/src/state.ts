import type { ResolvedConfig } from './config'
import { normalizeFaults } from './faults'
import { IpRateLimiter } from './ip-rate-limit'
import { OtpStore } from './otp-store'
import { Outbox } from './outbox'
import { RefreshTokenStore, TokenSigner } from './tokens'
import type { DevStats, Faults } from './types'
import { UserStore } from './users'

/** Everything one dev server holds in memory. */
export class DevState {
  readonly config: ResolvedConfig
  readonly users: UserStore
  readonly codes: OtpStore
  readonly signer: TokenSigner
  readonly refreshTokens: RefreshTokenStore
  readonly ipLimiter: IpRateLimiter | undefined
  readonly outbox = new Outbox()
  faults: Faults
  requests = 0
  readonly requestsByRoute: Record<string, number> = {}

  constructor(config: ResolvedConfig) {
    this.config = config
    this.users = new UserStore(config.appIds, config.users)
    this.codes = new OtpStore(config)
    this.signer = new TokenSigner(config.appIds)
    this.refreshTokens = new RefreshTokenStore(config.refreshTokenTtlMs, config.now)
    this.ipLimiter = config.ipRateLimit
      ? new IpRateLimiter(config.ipRateLimit, config.now)
      : undefined
    this.faults = config.faults
  }

  setFaults(faults: Faults): void {
    this.faults = normalizeFaults(faults)
  }

  countRequest(route: string): void {
    this.requests += 1
    this.requestsByRoute[route] = (this.requestsByRoute[route] ?? 0) + 1
  }

  sweep(): void {
    this.codes.sweep()
    this.refreshTokens.sweep()
    this.ipLimiter?.sweep()
  }

  stats(): DevStats {
    return {
      requests: this.requests,
      requestsByRoute: { ...this.requestsByRoute },
      codes: this.codes.size,
      refreshTokens: this.refreshTokens.size,
      users: this.users.size,
      cooldowns: this.codes.cooldowns,
      rateLimitBuckets: this.ipLimiter?.size ?? 0,
      outbox: this.outbox.size,
    }
  }
}

import { randomInt, timingSafeEqual } from 'node:crypto'
import { randomId } from './random-id'
import type { OtpEndpoint } from './types'

export interface CodeRecord {
  otpId: string
  appId: string
  identifier: string
  intent: OtpEndpoint
  code: string
  createdAt: number
  expiresAt: number
  failedAttempts: number
}

export type VerifyResult =
  | { kind: 'ok'; record: CodeRecord }
  | { kind: 'invalid' }
  | { kind: 'exceeded' }

interface OtpStoreConfig {
  codeTtlMs: number
  maxAttempts: number
  resendCooldownMs: number
  now: () => number
}

const key = (appId: string, identifier: string) => `${appId}\u0000${identifier}`

/** A fresh 6-digit code from the cryptographic RNG. */
export function generateCode(): string {
  return String(randomInt(1_000_000)).padStart(6, '0')
}

/** Compares in constant time; only equal lengths reach timingSafeEqual. */
export function codesMatch(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(actual, 'utf8')
  if (a.length !== b.length) {
    timingSafeEqual(a, a)
    return false
  }
  return timingSafeEqual(a, b)
}

/**
 * Live one-time codes. One code per app and identifier: a new code supersedes the old one.
 * Codes are single use, expire after codeTtlMs and die after maxAttempts wrong tries.
 */
export class OtpStore {
  readonly #codes = new Map<string, CodeRecord>()
  readonly #latest = new Map<string, string>()
  readonly #cooldownUntil = new Map<string, number>()
  readonly #config: OtpStoreConfig

  constructor(config: OtpStoreConfig) {
    this.#config = config
  }

  /** Milliseconds until this identifier may be sent another code (0 = now). */
  cooldownLeft(appId: string, identifier: string): number {
    const until = this.#cooldownUntil.get(key(appId, identifier)) ?? 0
    return Math.max(0, until - this.#config.now())
  }

  issue(appId: string, identifier: string, intent: OtpEndpoint): CodeRecord {
    const now = this.#config.now()
    const k = key(appId, identifier)
    const previous = this.#latest.get(k)
    if (previous !== undefined) this.#codes.delete(previous)
    const record: CodeRecord = {
      otpId: randomId(),
      appId,
      identifier,
      intent,
      code: generateCode(),
      createdAt: now,
      expiresAt: now + this.#config.codeTtlMs,
      failedAttempts: 0,
    }
    this.#codes.set(record.otpId, record)
    this.#latest.set(k, record.otpId)
    if (this.#config.resendCooldownMs > 0) {
      this.#cooldownUntil.set(k, now + this.#config.resendCooldownMs)
    }
    return record
  }

  verify(appId: string, otpId: string, input: string): VerifyResult {
    const record = this.#codes.get(otpId)
    if (record === undefined || record.appId !== appId) return { kind: 'invalid' }
    if (this.#config.now() >= record.expiresAt) {
      this.#delete(record)
      return { kind: 'invalid' }
    }
    if (record.failedAttempts >= this.#config.maxAttempts) return { kind: 'exceeded' }
    if (codesMatch(record.code, input)) {
      this.#delete(record)
      // The cooldown stops repeated unused codes; this one was used, so the next send may go.
      this.#cooldownUntil.delete(key(appId, record.identifier))
      return { kind: 'ok', record }
    }
    record.failedAttempts += 1
    return record.failedAttempts >= this.#config.maxAttempts
      ? { kind: 'exceeded' }
      : { kind: 'invalid' }
  }

  /** Deletes expired codes and finished cooldowns. */
  sweep(): void {
    const now = this.#config.now()
    for (const record of this.#codes.values()) if (now >= record.expiresAt) this.#delete(record)
    for (const [k, until] of this.#cooldownUntil) if (now >= until) this.#cooldownUntil.delete(k)
  }

  get size(): number {
    return this.#codes.size
  }

  /** Identifiers still in their resend cooldown. */
  get cooldowns(): number {
    return this.#cooldownUntil.size
  }

  #delete(record: CodeRecord): void {
    this.#codes.delete(record.otpId)
    const k = key(record.appId, record.identifier)
    if (this.#latest.get(k) === record.otpId) this.#latest.delete(k)
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CodeRecord, KeyRecord, Store } from '../src/index'

const T0 = 1_800_000_000_000
let serial = 0
/** Ids unique within the run: stores on a shared database see each other's rows. */
const unique = (prefix: string) => `${prefix}${process.pid}x${serial++}x${Date.now()}`

const code = (over: Partial<CodeRecord> = {}): CodeRecord => ({
  otpId: unique('otp'),
  appId: 'app',
  identifier: unique('id'),
  intent: 'login',
  codeHash: 'aa'.repeat(32),
  createdAt: T0,
  expiresAt: T0 + 60_000,
  attempts: 0,
  ...over,
})

const key = (appId: string, createdAt: number): KeyRecord => ({
  appId,
  kid: unique('kid'),
  publicJwk: '{"kty":"RSA"}',
  privateJwk: 'v1.sealed',
  createdAt,
  retiredAt: null,
})

/** The one suite every store passes: what the rules rely on, concurrency included. */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store
    beforeAll(async () => {
      store = await open()
    })
    afterAll(async () => {
      await store.close()
    })

    it('creates a user once and keeps its id when the status changes', async () => {
      const identifier = unique('u')
      const id = unique('id')
      const created = await store.saveUser('app', identifier, 'pending', id)
      expect(created).toEqual({ id, identifier, status: 'pending' })
      const updated = await store.saveUser('app', identifier, 'active', unique('id'))
      expect(updated).toEqual({ id, identifier, status: 'active' })
      expect(await store.findUser('app', identifier)).toEqual(updated)
      expect(await store.findUserById('app', id)).toEqual(updated)
      expect(await store.listUsers('app')).toContainEqual(updated)
    })

    it('keeps apps apart', async () => {
      const identifier = unique('u')
      await store.saveUser('app', identifier, 'active', unique('id'))
      expect(await store.findUser('other', identifier)).toBeUndefined()
      const otp = code()
      await store.putCode(otp)
      expect(await store.reserveAttempt('other', otp.otpId, 5, T0)).toEqual({ kind: 'missing' })
      await store.putRefreshToken({
        tokenHash: otp.otpId,
        appId: 'app',
        userId: 'u',
        expiresAt: T0,
      })
      expect(await store.takeRefreshToken('other', otp.otpId)).toBeUndefined()
    })

    it('starts a cooldown only when none runs, and answers when the running one ends', async () => {
      const id = unique('c')
      expect(await store.claimCooldown('app', id, T0, T0 + 30_000)).toBe(0)
      expect(await store.claimCooldown('app', id, T0 + 29_999, T0 + 59_999)).toBe(T0 + 30_000)
      expect(await store.claimCooldown('app', id, T0 + 30_000, T0 + 60_000)).toBe(0)
      await store.releaseCooldown('app', id)
      expect(await store.claimCooldown('app', id, T0 + 30_001, T0 + 60_001)).toBe(0)
    })

    it('lets exactly one of many concurrent sends past the cooldown', async () => {
      const id = unique('c')
      const claims = await Promise.all(
        Array.from({ length: 20 }, () => store.claimCooldown('app', id, T0, T0 + 30_000)),
      )
      expect(claims.filter((until) => until === 0)).toHaveLength(1)
      expect(claims.filter((until) => until === T0 + 30_000)).toHaveLength(19)
    })

    it('keeps one code per app and identifier: a new one supersedes the old', async () => {
      const first = code()
      await store.putCode(first)
      const second = code({ identifier: first.identifier })
      await store.putCode(second)
      expect(await store.reserveAttempt('app', first.otpId, 5, T0)).toEqual({ kind: 'missing' })
      expect(await store.reserveAttempt('app', second.otpId, 5, T0)).toMatchObject({
        kind: 'reserved',
        code: { ...second, attempts: 1 },
      })
    })

    it('counts tries up to the limit, then answers exceeded', async () => {
      const otp = code()
      await store.putCode(otp)
      for (let attempt = 1; attempt <= 3; attempt++) {
        const result = await store.reserveAttempt('app', otp.otpId, 3, T0)
        expect(result).toMatchObject({ kind: 'reserved', code: { attempts: attempt } })
      }
      expect(await store.reserveAttempt('app', otp.otpId, 3, T0)).toEqual({ kind: 'exceeded' })
    })

    it('never reserves more tries than the limit, however many come at once', async () => {
      const otp = code()
      await store.putCode(otp)
      const results = await Promise.all(
        Array.from({ length: 50 }, () => store.reserveAttempt('app', otp.otpId, 5, T0)),
      )
      expect(results.filter((r) => r.kind === 'reserved')).toHaveLength(5)
      expect(results.filter((r) => r.kind === 'exceeded')).toHaveLength(45)
    })

    it('treats an expired code as missing, for good', async () => {
      const otp = code()
      await store.putCode(otp)
      expect(await store.reserveAttempt('app', otp.otpId, 5, otp.expiresAt)).toEqual({
        kind: 'missing',
      })
      expect(await store.reserveAttempt('app', otp.otpId, 5, T0)).toEqual({ kind: 'missing' })
    })

    it('hands a code to exactly one of many concurrent takers', async () => {
      const otp = code()
      await store.putCode(otp)
      const taken = await Promise.all(Array.from({ length: 10 }, () => store.takeCode(otp.otpId)))
      expect(taken.filter(Boolean)).toHaveLength(1)
      expect(await store.reserveAttempt('app', otp.otpId, 5, T0)).toEqual({ kind: 'missing' })
    })

    it('counts requests per IP in fixed windows', async () => {
      const ip = unique('ip')
      expect(await store.hitIp(ip, T0, 1000)).toEqual({ windowStart: T0, count: 1 })
      expect(await store.hitIp(ip, T0 + 999, 1000)).toEqual({ windowStart: T0, count: 2 })
      expect(await store.hitIp(ip, T0 + 1000, 1000)).toEqual({ windowStart: T0 + 1000, count: 1 })
      const hits = await Promise.all(
        Array.from({ length: 20 }, () => store.hitIp(ip, T0 + 1500, 1000)),
      )
      expect(hits.map((hit) => hit.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 2),
      )
    })

    it('hands a refresh token to exactly one of many concurrent takers', async () => {
      const token = { tokenHash: unique('rt'), appId: 'app', userId: 'u1', expiresAt: T0 + 1 }
      await store.putRefreshToken(token)
      const taken = await Promise.all(
        Array.from({ length: 10 }, () => store.takeRefreshToken('app', token.tokenHash)),
      )
      expect(taken.filter((t) => t !== undefined)).toEqual([token])
    })

    it('keeps the first key of an app and retires it on rotation', async () => {
      const appId = unique('keys')
      const first = key(appId, T0)
      await store.addFirstKey(first)
      await store.addFirstKey(key(appId, T0 + 1))
      expect(await store.listKeys(appId)).toEqual([first])
      const next = key(appId, T0 + 5000)
      await store.rotateKey(next)
      expect(await store.listKeys(appId)).toEqual([next, { ...first, retiredAt: T0 + 5000 }])
    })

    it('sweeps expired codes, cooldowns, refresh tokens and windows, and nothing live', async () => {
      const expired = code({ expiresAt: T0 + 10 })
      const live = code({ expiresAt: T0 + 1000 })
      await store.putCode(expired)
      await store.putCode(live)
      const id = unique('c')
      await store.claimCooldown('app', id, T0, T0 + 10)
      const stale = { tokenHash: unique('rt'), appId: 'app', userId: 'u', expiresAt: T0 + 10 }
      const fresh = { tokenHash: unique('rt'), appId: 'app', userId: 'u', expiresAt: T0 + 1000 }
      await store.putRefreshToken(stale)
      await store.putRefreshToken(fresh)
      await store.sweep(T0 + 10, 1000)
      expect(await store.reserveAttempt('app', live.otpId, 5, T0)).toMatchObject({
        kind: 'reserved',
      })
      expect(await store.takeCode(expired.otpId)).toBe(false)
      expect(await store.claimCooldown('app', id, T0, T0 + 10)).toBe(0)
      expect(await store.takeRefreshToken('app', stale.tokenHash)).toBeUndefined()
      expect(await store.takeRefreshToken('app', fresh.tokenHash)).toEqual(fresh)
      await store.ping()
      expect((await store.counts()).codes).toBeGreaterThanOrEqual(1)
    })
  })
}

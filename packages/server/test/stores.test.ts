import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MemoryStore, openPgliteStore, openPostgresStore } from '../src/index'
import { postgresUrl } from './postgres-url'
import { storeContract } from './store-contract'

const dir = mkdtempSync(join(tmpdir(), 'passage-otp-pglite-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

storeContract('memory', async () => new MemoryStore())
storeContract('PGlite on disk', () => openPgliteStore(join(dir, 'contract')))

const url = postgresUrl()
describe.skipIf(url === undefined)('PostgreSQL', () => {
  storeContract('PostgreSQL', () => openPostgresStore(url as string))
})

describe('PGlite on disk', () => {
  it('keeps users, codes, refresh tokens and keys across a restart', async () => {
    const path = join(dir, 'restart')
    const first = await openPgliteStore(path)
    await first.saveUser('app', 'ada@example.com', 'active', 'u1')
    await first.putCode({
      otpId: 'o1',
      appId: 'app',
      identifier: 'ada@example.com',
      intent: 'login',
      codeHash: 'ab',
      createdAt: 1,
      expiresAt: 10_000,
      attempts: 0,
    })
    await first.putRefreshToken({ tokenHash: 'r1', appId: 'app', userId: 'u1', expiresAt: 10_000 })
    const key = {
      appId: 'app',
      kid: 'k1',
      publicJwk: '{}',
      privateJwk: 'v1.x',
      createdAt: 1,
      retiredAt: null,
    }
    await first.addFirstKey(key)
    await first.close()

    const second = await openPgliteStore(path)
    expect(await second.findUser('app', 'ada@example.com')).toMatchObject({ id: 'u1' })
    expect(await second.reserveAttempt('app', 'o1', 5, 2)).toMatchObject({ kind: 'reserved' })
    expect(await second.takeRefreshToken('app', 'r1')).toMatchObject({ userId: 'u1' })
    expect(await second.listKeys('app')).toEqual([key])
    await second.close()
  })
})

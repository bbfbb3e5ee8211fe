import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type CodeMessage,
  createProductionApp,
  loadConfig,
  MemoryStore,
  openPgliteStore,
  openPostgresStore,
  randomId,
  type Store,
} from '@passage-otp/server'
import { afterEach } from 'vitest'
import { start } from './helpers'

/** What the contract scenario needs of a server: requests, codes, user states, time, a 500. */
export interface ContractTarget {
  api(path: string, body?: unknown, init?: RequestInit): Promise<Response>
  codeOf(otpId: string | undefined): string
  setStatus(identifier: string, status: 'active' | 'inactive'): Promise<void>
  advance(seconds: number): void
  /** Makes the server's next answers 500 until `heal`. */
  breakDown(): void
  heal(): void
}

export type TargetOptions = { users: string[]; ipRateLimit: { max: number; windowSeconds: number } }

/** The dev server, over a socket. */
export async function devTarget(options: TargetOptions): Promise<ContractTarget> {
  const h = await start({
    users: options.users.map((identifier) => ({ identifier })),
    ipRateLimit: options.ipRateLimit,
  })
  return {
    api: h.api,
    codeOf: (otpId) => h.server.outbox.messages().find((m) => m.otpId === otpId)?.code ?? '',
    setStatus: async (identifier, status) => h.server.users.set(identifier, status),
    advance: (seconds) => h.clock.advance(seconds),
    breakDown: () => h.server.setFaults({ errorRate: 1, errorStatus: 500 }),
    heal: () => h.server.clearFaults(),
  }
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
})

export type StoreKind = 'memory' | 'pglite' | 'postgres'

async function openStore(kind: StoreKind): Promise<Store> {
  if (kind === 'memory') return new MemoryStore()
  if (kind === 'postgres') return openPostgresStore(process.env.PASSAGE_OTP_TEST_DATABASE_URL ?? '')
  const dir = mkdtempSync(join(tmpdir(), 'passage-otp-contract-'))
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
  return openPgliteStore(dir)
}

/**
 * The production server on a store, in-process. On a shared PostgreSQL database every run
 * serves an app id of its own (requests to `/apps/demo/` are sent there) and counts its
 * requests under an address of its own.
 */
export async function productionTarget(
  kind: StoreKind,
  options: TargetOptions,
): Promise<ContractTarget> {
  const appId = kind === 'postgres' ? `c${randomBytes(6).toString('hex')}` : 'demo'
  const config = loadConfig(
    {
      mode: 'development',
      trustProxy: true,
      ipRateLimit: options.ipRateLimit,
      apps: [{ id: appId, allowedOrigins: ['http://localhost:5173'] }],
    },
    {
      PASSAGE_OTP_SECRET: randomBytes(32).toString('base64'),
      PASSAGE_OTP_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    },
  )
  const store = await openStore(kind)
  for (const identifier of options.users)
    await store.saveUser(appId, identifier, 'active', randomId())
  const sent: CodeMessage[] = []
  let offsetMs = 0
  let broken = false
  const server = await createProductionApp(config, {
    store,
    logger: false,
    now: () => Date.now() + offsetMs,
    delivery: {
      async deliver(message) {
        sent.push(message)
      },
    },
  })
  cleanups.unshift(() => server.close())
  const findUser = store.findUser.bind(store)
  store.findUser = (...args) => (broken ? Promise.reject(new Error('down')) : findUser(...args))
  const ip = `10.${randomBytes(3).join('.')}`
  return {
    api: async (path, body, init = {}) =>
      server.app.request(
        `http://127.0.0.1/v1${path.replace(/^\/apps\/demo\//, `/apps/${appId}/`)}`,
        {
          method: body === undefined ? 'GET' : 'POST',
          body:
            body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
          ...init,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
        },
      ),
    codeOf: (otpId) => sent.find((m) => m.otpId === otpId)?.code ?? '',
    setStatus: async (identifier, status) => {
      await store.saveUser(appId, identifier, status, randomId())
    },
    advance: (seconds) => {
      offsetMs += seconds * 1000
    },
    breakDown: () => {
      broken = true
    },
    heal: () => {
      broken = false
    },
  }
}

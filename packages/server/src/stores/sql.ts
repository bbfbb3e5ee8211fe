import type {
  AttemptResult,
  CodeRecord,
  KeyRecord,
  OtpIntent,
  RefreshTokenRecord,
  Store,
  UserRecord,
  UserStatus,
} from '../store'
import { MIGRATIONS } from './migrations'

type Row = Record<string, unknown>

/** What the SQL store needs of a PostgreSQL connection: PGlite and `pg` both provide it. */
export interface SqlClient {
  query(sql: string, params?: unknown[]): Promise<Row[]>
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface SqlTransaction {
  query(sql: string, params?: unknown[]): Promise<Row[]>
  /** Runs several statements without parameters (a migration). */
  exec(sql: string): Promise<void>
}

/** Any number that left PostgreSQL as bigint (a string in `pg`). */
const num = (value: unknown) => Number(value)

const toUser = (row: Row): UserRecord => ({
  id: String(row.id),
  identifier: String(row.identifier),
  status: row.status as UserStatus,
})

const toCode = (row: Row): CodeRecord => ({
  otpId: String(row.otp_id),
  appId: String(row.app_id),
  identifier: String(row.identifier),
  intent: row.intent as OtpIntent,
  codeHash: String(row.code_hash),
  createdAt: num(row.created_at),
  expiresAt: num(row.expires_at),
  attempts: num(row.attempts),
})

const toKey = (row: Row): KeyRecord => ({
  appId: String(row.app_id),
  kid: String(row.kid),
  publicJwk: String(row.public_jwk),
  privateJwk: String(row.private_jwk),
  createdAt: num(row.created_at),
  retiredAt: row.retired_at === null ? null : num(row.retired_at),
})

/** Identifies the migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 7_260_417

/** Applies the migrations not applied yet, one instance at a time. */
export async function migrate(client: SqlClient): Promise<void> {
  await client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    )
    const done = new Set(
      (await tx.query('SELECT version FROM schema_migrations')).map((row) => num(row.version)),
    )
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue
      await tx.exec(migration.sql)
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version])
    }
  })
}

/**
 * The store on PostgreSQL (a server through `pg`, or PGlite embedded). Each method is one
 * statement or one transaction, so the rules hold for any number of instances.
 */
export class SqlStore implements Store {
  readonly #db: SqlClient

  constructor(client: SqlClient) {
    this.#db = client
  }

  async ping() {
    await this.#db.query('SELECT 1')
  }

  close() {
    return this.#db.close()
  }

  async findUser(appId: string, identifier: string) {
    const rows = await this.#db.query(
      'SELECT id, identifier, status FROM users WHERE app_id = $1 AND identifier = $2',
      [appId, identifier],
    )
    return rows[0] && toUser(rows[0])
  }

  async findUserById(appId: string, id: string) {
    const rows = await this.#db.query(
      'SELECT id, identifier, status FROM users WHERE app_id = $1 AND id = $2',
      [appId, id],
    )
    return rows[0] && toUser(rows[0])
  }

  async saveUser(appId: string, identifier: string, status: UserStatus, newId: string) {
    const rows = await this.#db.query(
      `INSERT INTO users (app_id, id, identifier, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (app_id, identifier) DO UPDATE SET status = EXCLUDED.status
       RETURNING id, identifier, status`,
      [appId, newId, identifier, status],
    )
    return toUser(rows[0] as Row)
  }

  async listUsers(appId: string) {
    const rows = await this.#db.query(
      'SELECT id, identifier, status FROM users WHERE app_id = $1 ORDER BY identifier',
      [appId],
    )
    return rows.map(toUser)
  }

  async claimCooldown(appId: string, identifier: string, now: number, until: number) {
    const claimed = await this.#db.query(
      `INSERT INTO cooldowns (app_id, identifier, until) VALUES ($1, $2, $4)
       ON CONFLICT (app_id, identifier) DO UPDATE SET until = EXCLUDED.until
       WHERE cooldowns.until <= $3
       RETURNING until`,
      [appId, identifier, now, until],
    )
    if (claimed.length > 0) return 0
    const running = await this.#db.query(
      'SELECT until FROM cooldowns WHERE app_id = $1 AND identifier = $2',
      [appId, identifier],
    )
    // Gone in between (released or swept): the next claim will succeed; ask for a second.
    return running[0] ? num(running[0].until) : now + 1000
  }

  async releaseCooldown(appId: string, identifier: string) {
    await this.#db.query('DELETE FROM cooldowns WHERE app_id = $1 AND identifier = $2', [
      appId,
      identifier,
    ])
  }

  async putCode(code: CodeRecord) {
    await this.#db.query(
      `INSERT INTO otp_codes
         (otp_id, app_id, identifier, intent, code_hash, created_at, expires_at, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (app_id, identifier) DO UPDATE SET
         otp_id = EXCLUDED.otp_id, intent = EXCLUDED.intent, code_hash = EXCLUDED.code_hash,
         created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at, attempts = EXCLUDED.attempts`,
      [
        code.otpId,
        code.appId,
        code.identifier,
        code.intent,
        code.codeHash,
        code.createdAt,
        code.expiresAt,
        code.attempts,
      ],
    )
  }

  async reserveAttempt(
    appId: string,
    otpId: string,
    maxAttempts: number,
    now: number,
  ): Promise<AttemptResult> {
    const reserved = await this.#db.query(
      `UPDATE otp_codes SET attempts = attempts + 1
       WHERE otp_id = $1 AND app_id = $2 AND expires_at > $3 AND attempts < $4
       RETURNING *`,
      [otpId, appId, now, maxAttempts],
    )
    if (reserved[0]) return { kind: 'reserved', code: toCode(reserved[0]) }
    // An expired code is gone for good, even if the clock goes back.
    await this.#db.query(
      'DELETE FROM otp_codes WHERE otp_id = $1 AND app_id = $2 AND expires_at <= $3',
      [otpId, appId, now],
    )
    const live = await this.#db.query(
      'SELECT 1 FROM otp_codes WHERE otp_id = $1 AND app_id = $2 AND expires_at > $3',
      [otpId, appId, now],
    )
    return live.length > 0 ? { kind: 'exceeded' } : { kind: 'missing' }
  }

  async takeCode(otpId: string) {
    const rows = await this.#db.query('DELETE FROM otp_codes WHERE otp_id = $1 RETURNING 1', [
      otpId,
    ])
    return rows.length > 0
  }

  async hitIp(ip: string, now: number, windowMs: number) {
    const rows = await this.#db.query(
      `INSERT INTO ip_windows (ip, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (ip) DO UPDATE SET
         window_start = CASE WHEN ip_windows.window_start + $3 <= $2
                             THEN $2 ELSE ip_windows.window_start END,
         count = CASE WHEN ip_windows.window_start + $3 <= $2
                      THEN 1 ELSE ip_windows.count + 1 END
       RETURNING window_start, count`,
      [ip, now, windowMs],
    )
    const row = rows[0] as Row
    return { windowStart: num(row.window_start), count: num(row.count) }
  }

  async putRefreshToken(token: RefreshTokenRecord) {
    await this.#db.query(
      'INSERT INTO refresh_tokens (token_hash, app_id, user_id, expires_at) VALUES ($1, $2, $3, $4)',
      [token.tokenHash, token.appId, token.userId, token.expiresAt],
    )
  }

  async takeRefreshToken(appId: string, tokenHash: string) {
    const rows = await this.#db.query(
      'DELETE FROM refresh_tokens WHERE token_hash = $1 AND app_id = $2 RETURNING *',
      [tokenHash, appId],
    )
    const row = rows[0]
    return (
      row && {
        tokenHash: String(row.token_hash),
        appId: String(row.app_id),
        userId: String(row.user_id),
        expiresAt: num(row.expires_at),
      }
    )
  }

  async listKeys(appId: string) {
    const rows = await this.#db.query(
      'SELECT * FROM signing_keys WHERE app_id = $1 ORDER BY created_at DESC, retired_at DESC NULLS FIRST',
      [appId],
    )
    return rows.map(toKey)
  }

  async addFirstKey(key: KeyRecord) {
    await this.#db.query(
      `INSERT INTO signing_keys (app_id, kid, public_jwk, private_jwk, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [key.appId, key.kid, key.publicJwk, key.privateJwk, key.createdAt],
    )
  }

  async rotateKey(key: KeyRecord) {
    await this.#db.transaction(async (tx) => {
      await tx.query(
        'UPDATE signing_keys SET retired_at = $2 WHERE app_id = $1 AND retired_at IS NULL',
        [key.appId, key.createdAt],
      )
      await tx.query(
        `INSERT INTO signing_keys (app_id, kid, public_jwk, private_jwk, created_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [key.appId, key.kid, key.publicJwk, key.privateJwk, key.createdAt],
      )
    })
  }

  async sweep(now: number, windowMs: number) {
    await this.#db.query('DELETE FROM otp_codes WHERE expires_at <= $1', [now])
    await this.#db.query('DELETE FROM cooldowns WHERE until <= $1', [now])
    await this.#db.query('DELETE FROM refresh_tokens WHERE expires_at <= $1', [now])
    await this.#db.query('DELETE FROM ip_windows WHERE window_start + $2 <= $1', [now, windowMs])
  }

  async counts() {
    const rows = await this.#db.query(
      `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM otp_codes) AS codes,
              (SELECT count(*) FROM cooldowns) AS cooldowns,
              (SELECT count(*) FROM refresh_tokens) AS refresh_tokens,
              (SELECT count(*) FROM ip_windows) AS buckets`,
    )
    const row = rows[0] as Row
    return {
      users: num(row.users),
      codes: num(row.codes),
      cooldowns: num(row.cooldowns),
      refreshTokens: num(row.refresh_tokens),
      rateLimitBuckets: num(row.buckets),
    }
  }
}

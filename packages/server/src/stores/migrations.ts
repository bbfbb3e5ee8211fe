/**
 * The schema, as numbered migrations applied in order at start; a migration once released is
 * never edited, a change is a new one. Times are milliseconds since the epoch (bigint).
 */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE users (
        app_id text NOT NULL,
        id text NOT NULL,
        identifier text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'pending', 'inactive')),
        PRIMARY KEY (app_id, identifier),
        UNIQUE (app_id, id)
      );
      CREATE TABLE otp_codes (
        otp_id text PRIMARY KEY,
        app_id text NOT NULL,
        identifier text NOT NULL,
        intent text NOT NULL CHECK (intent IN ('login', 'register')),
        code_hash text NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        UNIQUE (app_id, identifier)
      );
      CREATE TABLE cooldowns (
        app_id text NOT NULL,
        identifier text NOT NULL,
        until bigint NOT NULL,
        PRIMARY KEY (app_id, identifier)
      );
      CREATE TABLE ip_windows (
        ip text PRIMARY KEY,
        window_start bigint NOT NULL,
        count integer NOT NULL
      );
      CREATE TABLE refresh_tokens (
        token_hash text PRIMARY KEY,
        app_id text NOT NULL,
        user_id text NOT NULL,
        expires_at bigint NOT NULL
      );
      CREATE TABLE signing_keys (
        app_id text NOT NULL,
        kid text NOT NULL,
        public_jwk text NOT NULL,
        private_jwk text NOT NULL,
        created_at bigint NOT NULL,
        retired_at bigint,
        PRIMARY KEY (app_id, kid)
      );
      CREATE UNIQUE INDEX signing_keys_current ON signing_keys (app_id) WHERE retired_at IS NULL;
    `,
  },
]

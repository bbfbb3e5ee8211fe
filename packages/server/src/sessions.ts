import { randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { apiError, invalidRequest } from './errors'
import type { PassageEnv } from './hono-env'
import { type Passage, rulesOf } from './passage'
import type { UserRecord } from './store'

/** The `iss` of auth tokens: `<origin>/v1/apps/<appId>`. */
function issuerFor(c: Context<PassageEnv>, passage: Passage, appId: string): string {
  const origin = passage.publicUrl() ?? new URL(c.req.url).origin
  return `${origin}/v1/apps/${appId}`
}

/** Signs an auth token for the user and issues a refresh token: Passage's `auth_result`. */
export async function authResult(
  c: Context<PassageEnv>,
  passage: Passage,
  appId: string,
  user: UserRecord,
) {
  const rules = rulesOf(passage, appId)
  const now = passage.now()
  const authToken = await passage.keys.sign({
    subject: user.id,
    issuer: issuerFor(c, passage, appId),
    audience: appId,
    nowMs: now,
    ttlSeconds: rules.authTokenTtlSeconds,
  })
  // 256 random bits; only its keyed hash is stored.
  const refreshToken = randomBytes(32).toString('base64url')
  const expiresAt = now + rules.refreshTokenTtlMs
  await passage.store.putRefreshToken({
    tokenHash: passage.hasher.refreshToken(refreshToken),
    appId,
    userId: user.id,
    expiresAt,
  })
  return {
    auth_token: authToken,
    redirect_url: rules.redirectUrl,
    refresh_token: refreshToken,
    refresh_token_expiration: Math.floor(expiresAt / 1000),
  }
}

/** POST tokens: a refresh token works once and is replaced (201, as Passage declares). */
export async function refresh(
  c: Context<PassageEnv>,
  passage: Passage,
  appId: string,
  token: string,
): Promise<Response> {
  const { store } = passage
  const record = await store.takeRefreshToken(appId, passage.hasher.refreshToken(token))
  const live = record !== undefined && passage.now() < record.expiresAt
  const user = live ? await store.findUserById(appId, record.userId) : undefined
  if (user === undefined || user.status !== 'active') {
    return apiError(c, 401, 'invalid_refresh_token', 'refresh token: invalid, expired or revoked.')
  }
  return c.json({ auth_result: await authResult(c, passage, appId, user) }, 201)
}

/** DELETE tokens: sign-out revokes; 200 with an empty body, unknown tokens are fine. */
export async function revoke(
  c: Context<PassageEnv>,
  passage: Passage,
  appId: string,
  token: string | undefined,
): Promise<Response> {
  if (token === undefined || token.trim() === '') {
    return invalidRequest(c, 'refresh_token: cannot be blank.')
  }
  await passage.store.takeRefreshToken(appId, passage.hasher.refreshToken(token))
  return c.body(null, 200)
}

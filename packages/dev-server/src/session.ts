import type { Context } from 'hono'
import { apiError, invalidRequest } from './errors'
import type { DevEnv } from './hono-env'
import { readJsonObject, requiredString } from './json-body'
import type { DevState } from './state'
import type { UserRecord } from './types'

/** POST /v1/apps/:appId/otp/activate */
export async function activateCode(c: Context<DevEnv>, state: DevState): Promise<Response> {
  const appId = c.req.param('appId') ?? ''
  const parsed = await readJsonObject(c.req.raw)
  if (!parsed.ok) return invalidRequest(c, parsed.error)
  const otp = requiredString(parsed.body, 'otp')
  if (!otp.ok) return invalidRequest(c, otp.error)
  const otpId = requiredString(parsed.body, 'otp_id')
  if (!otpId.ok) return invalidRequest(c, otpId.error)

  const result = state.codes.verify(appId, otpId.value, otp.value)
  if (result.kind === 'invalid') return invalidRequest(c, 'otp or otpId invalid.')
  if (result.kind === 'exceeded') {
    return apiError(c, 401, 'exceeded_attempts', 'too many failed attempts; request a new code.')
  }
  const { identifier, intent } = result.record
  const existing = state.users.get(appId, identifier)
  let user: UserRecord | undefined = existing
  if (intent === 'register' && (existing === undefined || existing.status === 'pending')) {
    user = state.users.set(appId, identifier, 'active')
  }
  if (user === undefined || user.status !== 'active') {
    return apiError(c, 403, 'user_not_active', 'user: not active.')
  }
  return c.json({ auth_result: await authResult(c, state, appId, user) })
}

/** POST /v1/apps/:appId/tokens: rotates the refresh token; 201 as Passage's API description says. */
export async function refreshSession(c: Context<DevEnv>, state: DevState): Promise<Response> {
  const appId = c.req.param('appId') ?? ''
  const parsed = await readJsonObject(c.req.raw)
  if (!parsed.ok) return invalidRequest(c, parsed.error)
  const token = requiredString(parsed.body, 'refresh_token')
  if (!token.ok) return invalidRequest(c, token.error)
  const record = state.refreshTokens.consume(appId, token.value)
  const user = record && state.users.getById(appId, record.userId)
  if (user === undefined || user.status !== 'active') {
    return apiError(c, 401, 'invalid_refresh_token', 'refresh token: invalid, expired or revoked.')
  }
  return c.json({ auth_result: await authResult(c, state, appId, user) }, 201)
}

/** DELETE /v1/apps/:appId/tokens?refresh_token=...: revokes (200, empty); unknown tokens are fine. */
export function revokeSession(c: Context<DevEnv>, state: DevState): Response {
  const token = c.req.query('refresh_token')
  if (token === undefined || token.trim() === '') {
    return invalidRequest(c, 'refresh_token: cannot be blank.')
  }
  state.refreshTokens.revoke(c.req.param('appId') ?? '', token)
  return c.body(null, 200)
}

/** GET /v1/apps/:appId/.well-known/jwks.json */
export async function jwks(c: Context<DevEnv>, state: DevState): Promise<Response> {
  return c.json(await state.signer.jwks(c.req.param('appId') ?? ''), 200, {
    'Cache-Control': 'public, max-age=300',
  })
}

/** The `iss` of auth tokens: `<origin>/v1/apps/<appId>`. */
export function issuerFor(c: Context<DevEnv>, state: DevState, appId: string): string {
  const origin = state.config.publicUrl ?? new URL(c.req.url).origin
  return `${origin}/v1/apps/${appId}`
}

async function authResult(c: Context<DevEnv>, state: DevState, appId: string, user: UserRecord) {
  const { config } = state
  const nowMs = config.now()
  const authToken = await state.signer.sign({
    subject: user.id,
    issuer: issuerFor(c, state, appId),
    audience: appId,
    nowMs,
    ttlSeconds: config.authTokenTtlSeconds,
  })
  const refresh = state.refreshTokens.issue(appId, user.id)
  return {
    auth_token: authToken,
    redirect_url: config.redirectUrl,
    refresh_token: refresh.token,
    refresh_token_expiration: Math.floor(refresh.expiresAt / 1000),
  }
}

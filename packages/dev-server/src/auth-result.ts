import type { Context } from 'hono'
import type { DevEnv } from './hono-env'
import type { DevState } from './state'
import type { UserRecord } from './types'

/** The `iss` of auth tokens: `<origin>/v1/apps/<appId>`. */
function issuerFor(c: Context<DevEnv>, state: DevState, appId: string): string {
  const origin = state.config.publicUrl ?? new URL(c.req.url).origin
  return `${origin}/v1/apps/${appId}`
}

/** Signs an auth token for the user and issues a refresh token: Passage's `auth_result`. */
export async function authResult(
  c: Context<DevEnv>,
  state: DevState,
  appId: string,
  user: UserRecord,
) {
  const { config } = state
  const authToken = await state.signer.sign({
    subject: user.id,
    issuer: issuerFor(c, state, appId),
    audience: appId,
    nowMs: config.now(),
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

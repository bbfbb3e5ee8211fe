import { Hono } from 'hono'
import { authResult } from '../auth-result'
import { ActivateBody, RefreshBody, SendCodeBody } from '../bodies'
import { apiError, invalidRequest } from '../errors'
import type { DevEnv } from '../hono-env'
import { jsonBody } from '../json-body'
import { sendCode } from '../send-code'
import type { DevState } from '../state'

/** Passage's OTP, token and JWKS routes, mounted at `/v1`. */
export function passageRoutes(state: DevState): Hono<DevEnv> {
  const routes = new Hono<DevEnv>()

  routes.use('/apps/:appId/*', async (c, next) => {
    if (!state.config.appIds.includes(c.req.param('appId'))) {
      return apiError(c, 404, 'app_not_found', 'app: not found.')
    }
    await next()
  })

  for (const endpoint of ['login', 'register'] as const) {
    routes.post(`/apps/:appId/${endpoint}/otp`, ...jsonBody(SendCodeBody), (c) =>
      sendCode(c, state, c.req.param('appId'), endpoint, c.req.valid('json')),
    )
  }

  routes.post('/apps/:appId/otp/activate', ...jsonBody(ActivateBody), async (c) => {
    const appId = c.req.param('appId')
    const { otp, otp_id } = c.req.valid('json')
    const result = state.codes.verify(appId, otp_id, otp)
    if (result.kind === 'invalid') return invalidRequest(c, 'otp or otpId invalid.')
    if (result.kind === 'exceeded') {
      return apiError(c, 401, 'exceeded_attempts', 'too many failed attempts; request a new code.')
    }
    const { identifier, intent } = result.record
    const existing = state.users.get(appId, identifier)
    const registers =
      intent === 'register' && (existing === undefined || existing.status === 'pending')
    const user = registers ? state.users.set(appId, identifier, 'active') : existing
    if (user === undefined || user.status !== 'active') {
      return apiError(c, 403, 'user_not_active', 'user: not active.')
    }
    return c.json({ auth_result: await authResult(c, state, appId, user) })
  })

  // Passage answered the token routes with a trailing slash too; its clients sent both.
  for (const path of ['/apps/:appId/tokens', '/apps/:appId/tokens/'] as const) {
    // A refresh rotates the refresh token: 201, as Passage's API description declares.
    routes.post(path, ...jsonBody(RefreshBody), async (c) => {
      const appId = c.req.param('appId')
      const record = state.refreshTokens.consume(appId, c.req.valid('json').refresh_token)
      const user = record && state.users.getById(appId, record.userId)
      if (user === undefined || user.status !== 'active') {
        return apiError(
          c,
          401,
          'invalid_refresh_token',
          'refresh token: invalid, expired or revoked.',
        )
      }
      return c.json({ auth_result: await authResult(c, state, appId, user) }, 201)
    })

    // Sign-out revokes: 200 with an empty body; unknown tokens are fine.
    routes.delete(path, (c) => {
      const token = c.req.query('refresh_token')
      if (token === undefined || token.trim() === '') {
        return invalidRequest(c, 'refresh_token: cannot be blank.')
      }
      state.refreshTokens.revoke(c.req.param('appId'), token)
      return c.body(null, 200)
    })
  }

  routes.get('/apps/:appId/.well-known/jwks.json', async (c) =>
    c.json(await state.signer.jwks(c.req.param('appId')), 200, {
      'Cache-Control': 'public, max-age=300',
    }),
  )

  return routes
}

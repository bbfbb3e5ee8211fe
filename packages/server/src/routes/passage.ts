import { Hono } from 'hono'
import { ActivateBody, RefreshBody, SendCodeBody } from '../bodies'
import { apiError } from '../errors'
import type { PassageEnv } from '../hono-env'
import { jsonBody } from '../json-body'
import { activate, sendCode } from '../otp'
import type { Passage } from '../passage'
import { refresh, revoke } from '../sessions'

/** Passage's OTP, token and JWKS routes, mounted at `/v1`. */
export function passageRoutes(passage: Passage): Hono<PassageEnv> {
  const routes = new Hono<PassageEnv>()

  routes.use('/apps/:appId/*', async (c, next) => {
    if (!passage.apps.has(c.req.param('appId'))) {
      return apiError(c, 404, 'app_not_found', 'app: not found.')
    }
    await next()
  })

  for (const endpoint of ['login', 'register'] as const) {
    routes.post(`/apps/:appId/${endpoint}/otp`, ...jsonBody(SendCodeBody), (c) =>
      sendCode(c, passage, c.req.param('appId'), endpoint, c.req.valid('json')),
    )
  }

  routes.post('/apps/:appId/otp/activate', ...jsonBody(ActivateBody), (c) =>
    activate(c, passage, c.req.param('appId'), c.req.valid('json')),
  )

  // Passage answered the token routes with a trailing slash too; its clients sent both.
  for (const path of ['/apps/:appId/tokens', '/apps/:appId/tokens/'] as const) {
    routes.post(path, ...jsonBody(RefreshBody), (c) =>
      refresh(c, passage, c.req.param('appId'), c.req.valid('json').refresh_token),
    )
    routes.delete(path, (c) =>
      revoke(c, passage, c.req.param('appId'), c.req.query('refresh_token')),
    )
  }

  routes.get('/apps/:appId/.well-known/jwks.json', async (c) =>
    c.json(await passage.keys.jwks(c.req.param('appId')), 200, {
      'Cache-Control': 'public, max-age=300',
    }),
  )

  return routes
}

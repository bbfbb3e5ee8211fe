import { identifierFilter, invalidRequest, jsonBody, type PassageEnv } from '@passage-otp/server'
import { Hono } from 'hono'
import { FaultsBody, SetUserBody } from '../bodies'
import { renderInboxPage } from '../inbox-page'
import type { DevState } from '../state'

/** `/__dev/*`: outbox, inbox page, users, faults and stats for local work and tests. */
export function devRoutes(state: DevState): Hono<PassageEnv> {
  const routes = new Hono<PassageEnv>()
  const filterFrom = (identifier: string | undefined, appId: string | undefined) => ({
    identifier: identifier === undefined ? undefined : identifierFilter(identifier),
    appId: appId || undefined,
  })
  /** Applies a change that throws a TypeError on bad input; answers 400 with its message. */
  const change = (c: Parameters<typeof invalidRequest>[0], apply: () => Response) => {
    try {
      return apply()
    } catch (error) {
      // Stryker disable next-line ConditionalExpression: setFaults and users.set throw only TypeErrors; anything else is a bug for onError
      if (error instanceof TypeError) return invalidRequest(c, error.message)
      throw error
    }
  }

  routes.get('/outbox', (c) => {
    const filter = filterFrom(c.req.query('identifier') || undefined, c.req.query('appId'))
    return c.json({ messages: state.outbox.list(filter) }, 200, { 'Cache-Control': 'no-store' })
  })

  routes.delete('/outbox', (c) => {
    state.outbox.clear()
    return c.body(null, 204)
  })

  routes.get('/inbox', (c) => {
    const identifier = c.req.query('identifier') || undefined
    const messages = state.outbox.list(filterFrom(identifier, c.req.query('appId')))
    return c.html(renderInboxPage(messages, state.config.now(), identifier), 200, {
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    })
  })

  routes.get('/faults', (c) => c.json({ faults: state.faults }))

  routes.post('/faults', ...jsonBody(FaultsBody), (c) =>
    change(c, () => {
      state.setFaults(c.req.valid('json'))
      return c.json({ faults: state.faults })
    }),
  )

  routes.get('/users', async (c) => {
    const appId = c.req.query('appId') || state.config.appId
    return c.json({ users: await state.store.listUsers(appId) })
  })

  routes.post('/users', ...jsonBody(SetUserBody), (c) =>
    change(c, () => {
      const { identifier, status, appId = state.config.appId } = c.req.valid('json')
      return c.json({ user: { ...state.users.set(appId, identifier, status) } })
    }),
  )

  routes.get('/stats', (c) => c.json(state.stats()))

  return routes
}

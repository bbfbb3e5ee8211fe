import type { Hono } from 'hono'
import { invalidRequest } from './errors'
import type { DevEnv } from './hono-env'
import { tryNormalizeIdentifier } from './identifier'
import { renderInboxPage } from './inbox-page'
import { readJsonObject } from './json-body'
import type { DevState } from './state'

/** `/__dev/*`: outbox, inbox page, users, faults and stats for local work and tests. */
export function registerDevRoutes(app: Hono<DevEnv>, state: DevState): void {
  const filterFrom = (identifier: string | undefined, appId: string | undefined) => ({
    identifier:
      identifier === undefined ? undefined : (tryNormalizeIdentifier(identifier) ?? identifier),
    appId: appId || undefined,
  })

  app.get('/__dev/outbox', (c) => {
    const filter = filterFrom(c.req.query('identifier') || undefined, c.req.query('appId'))
    return c.json({ messages: state.outbox.list(filter) }, 200, { 'Cache-Control': 'no-store' })
  })

  app.delete('/__dev/outbox', (c) => {
    state.outbox.clear()
    return c.body(null, 204)
  })

  app.get('/__dev/inbox', (c) => {
    const identifier = c.req.query('identifier') || undefined
    const messages = state.outbox.list(filterFrom(identifier, c.req.query('appId')))
    return c.html(renderInboxPage(messages, state.config.now(), identifier), 200, {
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    })
  })

  app.get('/__dev/faults', (c) => c.json({ faults: state.faults }))

  app.post('/__dev/faults', async (c) => {
    const parsed = await readJsonObject(c.req.raw)
    if (!parsed.ok) return invalidRequest(c, parsed.error)
    try {
      state.setFaults(parsed.body)
    } catch (error) {
      return invalidRequest(c, error instanceof Error ? error.message : 'faults: invalid.')
    }
    return c.json({ faults: state.faults })
  })

  app.get('/__dev/users', (c) => {
    const appId = c.req.query('appId') || state.config.appId
    return c.json({ users: state.users.list(appId) })
  })

  app.post('/__dev/users', async (c) => {
    const parsed = await readJsonObject(c.req.raw)
    if (!parsed.ok) return invalidRequest(c, parsed.error)
    const { identifier, status, appId = state.config.appId } = parsed.body
    if (typeof identifier !== 'string' || typeof appId !== 'string') {
      return invalidRequest(c, 'identifier and appId: must be strings.')
    }
    try {
      return c.json({ user: { ...state.users.set(appId, identifier, status ?? 'active') } })
    } catch (error) {
      return invalidRequest(c, error instanceof Error ? error.message : 'user: invalid.')
    }
  })

  app.get('/__dev/stats', (c) => c.json(state.stats()))
}

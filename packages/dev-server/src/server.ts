import { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { closeGracefully, listen, urlHost } from '@passage-otp/server'
import { createDevAppWith } from './app'
import { resolveConfig } from './config'
import type { DevServer, DevServerOptions } from './types'

/** In-flight requests get this long after close() before their sockets are ended. */
const CLOSE_GRACE_MS = 1000

/**
 * Starts the dev server on `host:port` (default 127.0.0.1 and a free port).
 *
 * @example
 * ```ts
 * import { createOtpAuthActor } from '@passage-otp/core'
 * import { createDevServer } from '@passage-otp/dev-server'
 *
 * const server = await createDevServer({ resendCooldownSeconds: 0 })
 * const actor = createOtpAuthActor({ appId: server.appId, baseURL: server.baseURL }).start()
 * actor.send({ type: 'identifier.submit', identifier: 'ada@example.com', intent: 'register' })
 * // …once sent, the code is in the outbox:
 * const code = server.outbox.latest('ada@example.com')?.code
 * await server.close()
 * ```
 */
export async function createDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const config = resolveConfig(options)
  const { host, port } = config
  const dev = createDevAppWith(config)
  try {
    const server = createAdaptorServer({ fetch: dev.app.fetch, hostname: host })
    if (!(server instanceof Server)) throw new Error('expected an HTTP/1 server')
    await listen(server, port, host)
    const { port: actualPort } = server.address() as AddressInfo
    const url = `http://${urlHost(host)}:${actualPort}`
    if (options.publicUrl === undefined) dev.setPublicUrl(url)

    let closing: Promise<void> | undefined
    const close = () => {
      dev.dispose()
      closing ??= closeGracefully(server, CLOSE_GRACE_MS)
      return closing
    }

    return {
      url,
      baseURL: `${url}/v1`,
      appId: dev.appId,
      appIds: dev.appIds,
      outbox: dev.outbox,
      users: dev.users,
      setFaults: dev.setFaults,
      clearFaults: dev.clearFaults,
      stats: dev.stats,
      sweep: dev.sweep,
      close,
    }
  } catch (error) {
    dev.dispose()
    throw error
  }
}

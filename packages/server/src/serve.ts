import { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import type { ServerConfig } from './config'
import { closeGracefully, listen, urlHost } from './http-server'
import { createProductionApp, type ProductionApp, type ProductionOptions } from './server-app'

export interface RunningServer extends ProductionApp {
  /** e.g. 'http://127.0.0.1:8080' */
  url: string
  /**
   * Stops accepting connections, lets requests in flight finish (up to `graceMs`, then their
   * sockets are closed), then closes the store.
   */
  shutdown(graceMs?: number): Promise<void>
}

/** Opens the store, migrates it, makes sure every app has a key, then listens. */
export async function startServer(
  config: ServerConfig,
  options: ProductionOptions = {},
): Promise<RunningServer> {
  const production = await createProductionApp(config, options)
  const server = createAdaptorServer({ fetch: production.app.fetch, hostname: config.host })
  if (!(server instanceof Server)) throw new Error('expected an HTTP/1 server')
  try {
    await listen(server, config.port, config.host)
  } catch (error) {
    await production.close()
    throw error
  }
  const { port } = server.address() as AddressInfo
  const url = `http://${urlHost(config.host)}:${port}`
  production.logger.info(
    { url, store: config.store.kind, apps: config.apps.map((a) => a.id) },
    'listening',
  )

  let stopping: Promise<void> | undefined
  return {
    ...production,
    url,
    shutdown(graceMs = 10_000) {
      stopping ??= closeGracefully(server, graceMs).then(() => production.close())
      return stopping
    },
  }
}

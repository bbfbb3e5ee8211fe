import { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { createDevAppWith } from './app'
import { resolveConfig } from './config'
import type { DevServer, DevServerOptions } from './types'

/** In-flight requests get this long after close() before their sockets are ended. */
const CLOSE_GRACE_MS = 1000

/** Starts the dev server on `host:port` (default 127.0.0.1 and a free port). */
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
      closing ??= new Promise<void>((resolve) => {
        dev.dispose()
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS)
        force.unref()
        server.close(() => {
          clearTimeout(force)
          resolve()
        })
        server.closeIdleConnections()
      })
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

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

/** The host part of the URL clients should use; wildcard addresses map to loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

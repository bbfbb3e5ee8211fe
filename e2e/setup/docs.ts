import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { launchBrowserServer } from '../support/browser'

declare module 'vitest' {
  export interface ProvidedContext {
    docsUrl: string
  }
}

const site = fileURLToPath(new URL('../../docs/.vitepress/dist/', import.meta.url))

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

/** The file for a URL path as the published site answers it: clean URLs, `index.html`. */
function fileFor(pathname: string): string | undefined {
  const path = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '')
  const candidates = [path, `${path}.html`, join(path, 'index.html')]
  return candidates
    .map((candidate) => join(site, candidate))
    .find((file) => {
      return file.startsWith(site) && existsSync(file) && extname(file) !== ''
    })
}

/**
 * Serves the built docs (`pnpm docs:build` writes them) and starts the browser that the docs
 * tests connect to.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(join(site, 'index.html'))) {
    throw new Error('the docs are not built: run `pnpm docs:build` first')
  }
  const server = createServer(async (request, response) => {
    const file = fileFor(new URL(request.url ?? '/', 'http://docs').pathname)
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    const type = types[extname(file)] ?? 'application/octet-stream'
    response.writeHead(200, { 'content-type': type }).end(await readFile(file))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const browser = await launchBrowserServer()
  const { port } = server.address() as AddressInfo
  project.provide('docsUrl', `http://127.0.0.1:${port}`)
  project.provide('browserEndpoint', browser.wsEndpoint())
  return async () => {
    await browser.close()
    await new Promise((done) => server.close(done))
  }
}

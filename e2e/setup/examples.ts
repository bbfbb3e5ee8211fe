import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type PreviewServer, preview } from 'vite'
import type { TestProject } from 'vitest/node'
import { launchBrowserServer } from '../support/browser'
import { type Framework, frameworks } from '../support/frameworks'

declare module 'vitest' {
  export interface ProvidedContext {
    exampleUrls: Record<Framework, string>
    browserEndpoint: string
  }
}

/**
 * Builds each example with Vite into a temporary folder, serves it with `vite preview`, and
 * starts the one browser that every test file connects to (each test gets its own context).
 */
export default async function setup(project: TestProject) {
  const outRoot = await mkdtemp(join(tmpdir(), 'passage-otp-e2e-'))
  const servers: PreviewServer[] = []
  const launching = launchBrowserServer()
  const close = async () => {
    await (await launching.catch(() => undefined))?.close()
    await Promise.all(servers.map((server) => server.close()))
    await rm(outRoot, { recursive: true, force: true })
  }
  // vitest sets NODE_ENV=test, which would give the examples React's and Vue's dev builds.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    const urls = {} as Record<Framework, string>
    for (const framework of frameworks) {
      const root = fileURLToPath(new URL(`../../examples/${framework}/`, import.meta.url))
      const outDir = join(outRoot, framework)
      await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
      const server = await preview({
        root,
        logLevel: 'warn',
        build: { outDir },
        preview: { host: '127.0.0.1', port: 0, strictPort: false },
      })
      servers.push(server)
      const url = server.resolvedUrls?.local[0]
      if (!url) throw new Error(`vite preview of the ${framework} example has no local URL`)
      urls[framework] = url
    }
    project.provide('exampleUrls', urls)
    project.provide('browserEndpoint', (await launching).wsEndpoint())
  } catch (error) {
    await close()
    throw error
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  return close
}

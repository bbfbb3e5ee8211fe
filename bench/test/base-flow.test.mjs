// A flow pays only for what it uses: the bundle of `createOtpAuthActor` + `identifier.submit` +
// `code.submit` carries no persistence, session, Web OTP or testing code unless the app imports
// them. Checked with esbuild's metafile on the core's sources, so each module is named.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { expect, test } from 'vitest'
import { esbuildOptions } from '../src/size.mjs'

const coreSource = fileURLToPath(new URL('../../packages/core/src/index.ts', import.meta.url))
const extras = ['persistence.ts', 'session.ts', 'token-store.ts', 'web-otp.ts', 'testing.ts']

/** The production bundle of `contents`, built from the core's sources. */
function bundle(contents) {
  return build({
    ...esbuildOptions,
    stdin: { contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)) },
    alias: { '@passage-otp/core': coreSource },
    define: { 'process.env.NODE_ENV': '"production"' },
  })
}

/** The core's source files that land in a production bundle of `contents`. */
async function coreModulesOf(contents) {
  const result = await bundle(contents)
  const [output] = Object.values(result.metafile.outputs)
  return Object.entries(output.inputs)
    .filter(([path, { bytesInOutput }]) => path.includes('packages/core/src/') && bytesInOutput > 0)
    .map(([path]) => path.slice(path.lastIndexOf('/') + 1))
}

const baseFlow = `
  import { createOtpAuthActor } from '@passage-otp/core'
  const actor = createOtpAuthActor({ appId: 'app' }).start()
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  actor.send({ type: 'code.submit', code: '123456' })
`

test('the base flow carries no persistence, session, Web OTP or testing code', async () => {
  const modules = await coreModulesOf(baseFlow)
  expect(modules).toContain('machine.ts')
  expect(modules).toContain('client.ts')
  // Redaction stays: any flow may be given an inspector.
  expect(modules).toContain('redact.ts')
  expect(modules.filter((name) => extras.includes(name))).toEqual([])
})

test("the base flow's client makes the flow's three calls, not the session's", async () => {
  const [output] = (await bundle(baseFlow)).outputFiles
  expect(output.text).toContain('activateOtp')
  expect(output.text).not.toContain('refreshSession')
  expect(output.text).not.toContain('signOut')
})

test('each extra is one import away', async () => {
  const withExtras = `
    import { createFlowPersistence, createOtpAuthActor, createWebOtpReader } from '@passage-otp/core'
    createOtpAuthActor({
      appId: 'app',
      persist: createFlowPersistence({ storage: sessionStorage }),
      webOtp: createWebOtpReader(),
    }).start()
  `
  const modules = await coreModulesOf(withExtras)
  expect(modules).toContain('persistence.ts')
  expect(modules).toContain('web-otp.ts')
})

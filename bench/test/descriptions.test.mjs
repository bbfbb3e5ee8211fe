// The machine's `description` strings ship for development only: a production build of an app
// (`process.env.NODE_ENV` defined as `production`) drops every one of them, a development build
// keeps them all, and without a bundler (no `process`) the machine still loads. Each build is
// the published core bundled with esbuild, and its machine still runs a whole flow.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { runInNewContext } from 'node:vm'
import { otpAuthMachine } from '@passage-otp/core'
import { build } from 'esbuild'
import { afterAll, expect, test } from 'vitest'

const benchDir = fileURLToPath(new URL('..', import.meta.url))
const outDir = mkdtempSync(join(tmpdir(), 'passage-otp-descriptions-'))
afterAll(() => rmSync(outDir, { recursive: true, force: true }))

/** Every `description` string of a machine's definition: states and transitions. */
function descriptionsOf(machine) {
  const found = []
  const seen = new Set()
  const walk = (value) => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return
    seen.add(value)
    if (typeof value.description === 'string') found.push(value.description)
    for (const entry of Array.isArray(value) ? value : Object.values(value)) walk(entry)
  }
  walk(machine.definition)
  return found
}

// The core as the tests import it: no bundler, Node's `process.env.NODE_ENV` not `production`.
const described = descriptionsOf(otpAuthMachine)

const entry = `
  export { createOtpAuthActor, otpAuthMachine } from '@passage-otp/core'
  export { createActor } from 'xstate'
`

async function bundle(options) {
  const result = await build({
    stdin: { contents: entry, resolveDir: benchDir },
    bundle: true,
    write: false,
    logLevel: 'silent',
    ...options,
  })
  return result.outputFiles[0].text
}

/** Bundled as an app would be, with `process.env.NODE_ENV` defined as `nodeEnv`. */
async function appBuild(nodeEnv) {
  const code = await bundle({
    format: 'esm',
    platform: 'node',
    minify: nodeEnv === 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
  })
  const file = join(outDir, `${nodeEnv}.mjs`)
  writeFileSync(file, code)
  return { code, core: await import(pathToFileURL(file).href) }
}

const instantClient = {
  appId: 'app',
  baseURL: 'https://auth.example.com/v1',
  requestLoginOtp: async () => ({ otpId: 'otp-1' }),
  requestRegisterOtp: async () => ({ otpId: 'otp-1' }),
  activateOtp: async () => ({ authToken: 'token', redirectUrl: '/' }),
}

/** A whole login flow through the bundled core: the step it ends on. */
async function runFlow(core) {
  const actor = core.createOtpAuthActor({ client: instantClient }).start()
  const settled = () => new Promise((resolve) => setTimeout(resolve, 0))
  actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
  await settled()
  actor.send({ type: 'code.submit', code: '123456' })
  await settled()
  const { value } = actor.getSnapshot()
  const step = typeof value === 'string' ? value : Object.keys(value)[0]
  actor.stop()
  return step
}

test('the machine has its descriptions where the tests run it (development)', () => {
  // The root, every state and most transitions: far more than a handful.
  expect(described.length).toBeGreaterThan(40)
  expect(otpAuthMachine.root.description).toMatch(/^One-time-passcode login/)
})

test('a production build drops every description, and its flow still works', async () => {
  const { code, core } = await appBuild('production')
  expect(described.filter((text) => code.includes(text))).toEqual([])
  // Nothing left of the guards either: no `typeof process` test, no empty spread.
  expect(code).not.toContain('typeof process')
  expect(descriptionsOf(core.otpAuthMachine)).toEqual([])
  expect(await runFlow(core)).toBe('authenticated')
})

test('a development build keeps every description, for the inspector and the diagram', async () => {
  const { code, core } = await appBuild('development')
  expect(described.filter((text) => !code.includes(JSON.stringify(text).slice(1, -1)))).toEqual([])
  expect(descriptionsOf(core.otpAuthMachine)).toEqual(described)
  expect(await runFlow(core)).toBe('authenticated')
})

test('without a bundler and without `process`, the machine loads, without descriptions', async () => {
  // `process.env.NODE_ENV` left as written, run where `process` does not exist (a browser).
  const code = await bundle({
    format: 'iife',
    globalName: 'core',
    platform: 'neutral',
    mainFields: ['module', 'main'],
  })
  expect(code).toContain('process.env.NODE_ENV')
  const context = { console, setTimeout, clearTimeout, AbortController, AbortSignal, URL }
  runInNewContext(`${code}\nglobalThis.core = core`, context)
  expect(context.process).toBeUndefined()
  expect(descriptionsOf(context.core.otpAuthMachine)).toEqual([])
  expect(await runFlow(context.core)).toBe('authenticated')
})

// The malformed-event warnings are development messages too: a production build leaves their
// texts out and still ignores such an event; a development build warns.
const warningTexts = ['ignored a malformed', 'login, register or auto', 'see parseSavedOtpFlow']

test('a production build leaves the malformed-event warnings out, and still ignores the event', async () => {
  const { code, core } = await appBuild('production')
  expect(warningTexts.filter((text) => code.includes(text))).toEqual([])
  const actor = core.createOtpAuthActor({ client: instantClient }).start()
  actor.send({ type: 'identifier.submit', identifier: 42 })
  const { value, context } = actor.getSnapshot()
  actor.stop()
  expect([value, context.error, context.identifier]).toEqual(['idle', null, ''])
})

test('a development build keeps the malformed-event warnings', async () => {
  const { code } = await appBuild('development')
  expect(warningTexts.filter((text) => !code.includes(text))).toEqual([])
})

// The sentences of the errors thrown at set-up (a missing `appId`, a `webOtp` or `persist` that is
// not what they take, a machine without its requests) are development texts too: a production
// build throws the same error type, named for the option or actor.
const setupTexts = [
  'must be a non-empty string',
  'takes `createWebOtpReader()`',
  'takes `createFlowPersistence({ storage })`',
  'provide the',
]

/** How each set-up mistake fails: the error's type and message. */
function setupErrors(core) {
  const thrown = (make) => {
    try {
      make()
    } catch (error) {
      return [error.constructor.name, error.message]
    }
  }
  // The machine alone: its request fails, and the flow keeps what it threw as the cause.
  const failed = async (actor) => {
    actor.start()
    actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
    await new Promise((resolve) => setTimeout(resolve, 0))
    const { cause } = actor.getSnapshot().context.error
    actor.stop()
    return [cause.constructor.name, cause.message]
  }
  return Promise.all([
    thrown(() => core.createOtpAuthActor({ appId: '' })),
    thrown(() => core.createOtpAuthActor({ client: instantClient, webOtp: true })),
    thrown(() => core.createOtpAuthActor({ client: instantClient, persist: { storage: {} } })),
    failed(core.createActor(core.otpAuthMachine)),
  ])
}

test('a production build throws the set-up errors named for the option, without the sentences', async () => {
  const { code, core } = await appBuild('production')
  expect(setupTexts.filter((text) => code.includes(text))).toEqual([])
  expect(await setupErrors(core)).toEqual([
    ['TypeError', 'appId'],
    ['TypeError', 'webOtp'],
    ['TypeError', 'persist'],
    ['Error', 'requestLoginOtp'],
  ])
})

test('a development build throws the set-up errors with their sentences', async () => {
  const { core } = await appBuild('development')
  expect(await setupErrors(core)).toEqual([
    ['TypeError', 'createPassageOtpClient: `appId` must be a non-empty string.'],
    ['TypeError', 'createOtpAuthLogic: `webOtp` takes `createWebOtpReader()`.'],
    ['TypeError', 'connectOtpAuth: `persist` takes `createFlowPersistence({ storage })`.'],
    ['Error', 'otpAuthMachine: provide the `requestLoginOtp` actor (createOtpAuthActor does).'],
  ])
})

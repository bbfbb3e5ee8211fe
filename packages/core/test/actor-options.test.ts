import { afterEach, describe, expect, test, vi } from 'vitest'
import { connectOtpAuth, createOtpAuthLogic } from '../src/actor'
import { createControllableClient } from '../src/testing'

// docs/performance.md: a production build throws the same TypeError as development, its message
// the option's name; so does a runtime without `process` (no bundler).
afterEach(() => {
  vi.unstubAllEnvs()
  vi.unstubAllGlobals()
})

const { client } = createControllableClient()
const badWebOtp = () => createOtpAuthLogic({ client, webOtp: true } as never)
const badPersist = () => connectOtpAuth({} as never, { client, persist: 'yes' } as never)

describe('options of the wrong kind', () => {
  // The development messages: web-otp.test.ts and persistence.test.ts.
  test('webOtp: null is refused like any other value that is no reader', () => {
    expect(() => createOtpAuthLogic({ client, webOtp: null } as never)).toThrow(
      new TypeError('createOtpAuthLogic: `webOtp` takes `createWebOtpReader()`.'),
    )
  })

  test.each([
    ['webOtp', badWebOtp],
    ['persist', badPersist],
  ])('%s in production, and without process: the option', (option, create) => {
    vi.stubEnv('NODE_ENV', 'production')
    expect(create).toThrow(new TypeError(option))
    vi.unstubAllEnvs()
    vi.stubGlobal('process', undefined)
    expect(create).toThrow(new TypeError(option))
  })

  test('webOtp and persist left out are no error', () => {
    expect(() => createOtpAuthLogic({ client })).not.toThrow()
    expect(connectOtpAuth({} as never, { client })()).toBeUndefined()
  })
})

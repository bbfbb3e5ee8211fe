import { afterEach, expect, test, vi } from 'vitest'
import { defaultWarningHandler, warnOnce } from '../src/warn'

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

test('the default warning handler prefixes the library name and passes the detail on', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const detail = { stored: 'garbage' }
  defaultWarningHandler('could not read the stored session', detail)
  defaultWarningHandler('no detail')
  expect(warn.mock.calls).toStrictEqual([
    ['[passage-otp] could not read the stored session', detail],
    ['[passage-otp] no detail', ''],
  ])
})

test('without a console (some embedded runtimes) the default handler stays quiet', () => {
  vi.stubGlobal('console', undefined)
  expect(() => defaultWarningHandler('nobody hears this')).not.toThrow()
})

test('warnOnce warns once per key', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  warnOnce('warn.test key a', 'first')
  warnOnce('warn.test key a', 'again')
  warnOnce('warn.test key b', 'other')
  expect(warn.mock.calls).toStrictEqual([['first'], ['other']])
})

import { afterEach, describe, expect, test, vi } from 'vitest'
import { createActor } from 'xstate'
import { flushRequests } from '../src/testing'
import { createWebOtpReader, getWebOtpCredentials } from '../src/web-otp'

// The reader on its own, as an actor, against a hand-made credentials container.
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('getWebOtpCredentials: the Web OTP API where the browser has it', () => {
  test('navigator.credentials where OTPCredential exists', () => {
    const credentials = { get: vi.fn() }
    vi.stubGlobal('OTPCredential', class {})
    vi.stubGlobal('navigator', { credentials })
    expect(getWebOtpCredentials()).toBe(credentials)
  })

  test('null without OTPCredential, even with navigator.credentials (Firefox, Safari)', () => {
    vi.stubGlobal('navigator', { credentials: { get: vi.fn() } })
    expect('OTPCredential' in globalThis).toBe(false)
    expect(getWebOtpCredentials()).toBeNull()
  })

  test('null with OTPCredential but no navigator or no credentials', () => {
    vi.stubGlobal('OTPCredential', class {})
    vi.stubGlobal('navigator', undefined)
    expect(getWebOtpCredentials()).toBeNull()
    vi.stubGlobal('navigator', {})
    expect(getWebOtpCredentials()).toBeNull()
  })
})

function readWith(answer: () => Promise<unknown>, identifier = '+12025550123') {
  const requests: unknown[] = []
  const container = {
    get: (request: { otp: { transport: string[] }; signal: AbortSignal }) => {
      requests.push(request)
      return answer()
    },
  }
  const actor = createActor(
    createWebOtpReader(() => container),
    { input: { identifier } },
  )
  // A root actor's error is thrown where nobody listens; the snapshot holds it for the tests.
  actor.subscribe({ error: () => {} })
  actor.start()
  return { actor, requests }
}

describe('createWebOtpReader: the code of an incoming SMS', () => {
  test('asks for an OTP over SMS, abortable, and answers { code }', async () => {
    const { actor, requests } = readWith(async () => ({ code: '246810', type: 'otp' }))
    await flushRequests()
    expect(requests).toStrictEqual([
      { otp: { transport: ['sms'] }, signal: expect.any(AbortSignal) },
    ])
    expect(actor.getSnapshot()).toMatchObject({ status: 'done', output: { code: '246810' } })
  })

  test.each([
    ['no credential (null)', async () => null],
    ['a credential without a code', async () => ({ type: 'otp' })],
    ['an empty code', async () => ({ code: '' })],
  ])('%s: keeps waiting for the typed code, no error', async (_, answer) => {
    const { actor, requests } = readWith(answer)
    await flushRequests()
    expect(requests).toHaveLength(1)
    expect(actor.getSnapshot().status).toBe('active')
  })

  test.each([
    ['an email address', 'ada@example.com'],
    ['no identifier at all', 'not an identifier'],
  ])('%s: asks the browser nothing and keeps waiting', async (_, identifier) => {
    const { actor, requests } = readWith(async () => ({ code: '246810' }), identifier)
    await flushRequests()
    expect(requests).toEqual([])
    expect(actor.getSnapshot().status).toBe('active')
  })

  test('no Web OTP API: keeps waiting', async () => {
    const actor = createActor(
      createWebOtpReader(() => null),
      { input: { identifier: '+12025550123' } },
    ).start()
    await flushRequests()
    expect(actor.getSnapshot().status).toBe('active')
  })

  test('a refusal by the browser fails the actor with that error', async () => {
    const refusal = new DOMException('dismissed', 'NotAllowedError')
    const { actor } = readWith(() => Promise.reject(refusal))
    await flushRequests()
    expect(actor.getSnapshot()).toMatchObject({ status: 'error', error: refusal })
  })
})

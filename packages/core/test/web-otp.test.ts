import { afterEach, expect, test, vi } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthLogic } from '../src/actor'
import { createControllableClient, flushRequests } from '../src/testing'
import { createWebOtpReader } from '../src/web-otp'

function fakeWebOtp(code: Promise<string>) {
  const signals: AbortSignal[] = []
  const get = vi.fn(({ signal }: { signal: AbortSignal }) => {
    signals.push(signal)
    return code.then((value) => ({ code: value }))
  })
  vi.stubGlobal('OTPCredential', class {})
  vi.stubGlobal('navigator', { credentials: { get } })
  return { get, signals }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

async function codeStep(identifier: string, withReader = true) {
  const client = createControllableClient()
  const webOtp = withReader ? createWebOtpReader() : undefined
  const actor = createActor(createOtpAuthLogic({ client: client.client, webOtp }), {
    input: {},
  }).start()
  actor.send({ type: 'identifier.submit', identifier })
  client.resolve('requestLoginOtp', { otpId: 'otp-1' })
  await flushRequests()
  return { client, actor }
}

test('a phone flow reads the SMS code and submits it', async () => {
  const webOtp = fakeWebOtp(Promise.resolve('246810'))
  const { client, actor } = await codeStep('+12025550123')
  await flushRequests()
  expect(webOtp.get).toHaveBeenCalledOnce()
  expect(actor.getSnapshot().value).toBe('activating')
  expect(client.calls.at(-1)?.input).toEqual({ otpId: 'otp-1', code: '246810' })
})

test('leaving the code step aborts the pending read', async () => {
  const webOtp = fakeWebOtp(new Promise<string>(() => {}))
  const { actor } = await codeStep('+12025550123')
  actor.send({ type: 'identifier.change' })
  expect(webOtp.signals[0]?.aborted).toBe(true)
})

test('an email flow and a browser without Web OTP leave it alone', async () => {
  const webOtp = fakeWebOtp(Promise.resolve('246810'))
  const email = await codeStep('ada@example.com')
  expect(webOtp.get).not.toHaveBeenCalled()
  expect(email.actor.getSnapshot().matches('awaitingCode')).toBe(true)
  vi.unstubAllGlobals()
  const phone = await codeStep('+12025550123')
  expect(phone.actor.getSnapshot().matches('awaitingCode')).toBe(true)
})

test('a browser refusal is told to listeners and the code can still be typed', async () => {
  let refuse: (reason: unknown) => void = () => {}
  fakeWebOtp(new Promise<string>((_, reject) => (refuse = reject)))
  const { client, actor } = await codeStep('+12025550123')
  const failures: unknown[] = []
  actor.on('smsAutofillFailed', (event) => failures.push(event.error))
  refuse(new DOMException('dismissed', 'NotAllowedError'))
  await flushRequests()
  expect(failures).toHaveLength(1)
  actor.send({ type: 'code.submit', code: '135 790' })
  expect(client.calls.at(-1)?.input).toEqual({ otpId: 'otp-1', code: '135790' })
})

test('without a reader, leaving the code step has nothing to abort', async () => {
  const { actor } = await codeStep('+12025550123', false)
  const abort = vi.spyOn(AbortController.prototype, 'abort')
  actor.send({ type: 'identifier.change' })
  expect(actor.getSnapshot().value).toBe('idle')
  expect(abort).not.toHaveBeenCalled()
})

test('webOtp in the old form, `true`, is refused with what to pass instead', () => {
  const { client } = createControllableClient()
  const options = { client, webOtp: true } as unknown as Parameters<typeof createOtpAuthLogic>[0]
  expect(() => createOtpAuthLogic(options)).toThrow(
    new TypeError('createOtpAuthLogic: `webOtp` takes `createWebOtpReader()`.'),
  )
})

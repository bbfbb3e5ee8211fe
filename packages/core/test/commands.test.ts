import { describe, expect, test } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthLogic } from '../src/actor'
import { createOtpAuthCommands } from '../src/commands'
import { createOtpAuthError } from '../src/errors'
import { selectStep } from '../src/selectors'
import { createControllableClient, flushRequests } from '../src/testing'

function startFlow() {
  const controllable = createControllableClient()
  const actor = createActor(createOtpAuthLogic({ client: controllable.client }), {
    input: { identifier: 'ada@example.com' },
  }).start()
  const commands = createOtpAuthCommands(actor)
  const requests = () => controllable.calls.map(({ name, input }) => ({ name, input }))
  return { controllable, actor, commands, requests }
}

describe('switchIntent: the same identifier with the other intent', () => {
  test('"Sign up instead" after user_not_found requests a register code for the same identifier and language', async () => {
    const { controllable, actor, commands, requests } = startFlow()
    commands.submitIdentifier('  Ada@Example.com ', { intent: 'login', language: 'de' })
    controllable.reject('requestLoginOtp', createOtpAuthError('user_not_found', { status: 404 }))
    await flushRequests()
    expect(selectStep(actor.getSnapshot())).toBe('error')

    commands.switchIntent('register')
    expect(selectStep(actor.getSnapshot())).toBe('requesting')
    expect(actor.getSnapshot().context.intent).toBe('register')
    expect(requests()).toEqual([
      { name: 'requestLoginOtp', input: { identifier: 'ada@example.com', language: 'de' } },
      { name: 'requestRegisterOtp', input: { identifier: 'ada@example.com', language: 'de' } },
    ])
  })

  test('"Log in instead" after user_exists requests a login code', async () => {
    const { controllable, actor, commands, requests } = startFlow()
    commands.submitIdentifier('+14155550100', { intent: 'register' })
    controllable.reject('requestRegisterOtp', createOtpAuthError('user_exists', { status: 409 }))
    await flushRequests()

    commands.switchIntent('login')
    expect(actor.getSnapshot().context.intent).toBe('login')
    expect(requests().map(({ name }) => name)).toEqual(['requestRegisterOtp', 'requestLoginOtp'])
    expect(requests()[1]?.input).toEqual({ identifier: '+14155550100' })
  })

  test('outside the error screen it sends nothing', async () => {
    const { controllable, actor, commands, requests } = startFlow()
    // idle, with the identifier prefilled
    commands.switchIntent('register')
    expect(selectStep(actor.getSnapshot())).toBe('idle')
    // requesting
    commands.submitIdentifier('ada@example.com')
    commands.switchIntent('register')
    // awaiting the code
    controllable.resolve('requestLoginOtp', { otpId: 'otp-1' })
    await flushRequests()
    commands.switchIntent('register')
    expect(selectStep(actor.getSnapshot())).toBe('awaitingCode')
    expect(actor.getSnapshot().context.intent).toBe('login')
    expect(requests().map(({ name }) => name)).toEqual(['requestLoginOtp'])
  })
})

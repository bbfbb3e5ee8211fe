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

describe('each command sends its event', () => {
  // Hand-written from the commands' table in the React and Vue guides and the flow's event types.
  const table: [string, (commands: ReturnType<typeof createOtpAuthCommands>) => void, unknown][] = [
    [
      'submitIdentifier(identifier)',
      (c) => c.submitIdentifier('ada@example.com'),
      {
        type: 'identifier.submit',
        identifier: 'ada@example.com',
        intent: undefined,
        language: undefined,
      },
    ],
    [
      'submitIdentifier(identifier, { intent, language })',
      (c) => c.submitIdentifier('+14155550100', { intent: 'auto', language: 'de' }),
      { type: 'identifier.submit', identifier: '+14155550100', intent: 'auto', language: 'de' },
    ],
    ['submitCode(code)', (c) => c.submitCode('123456'), { type: 'code.submit', code: '123456' }],
    ['resend()', (c) => c.resend(), { type: 'code.resend' }],
    ['cancel()', (c) => c.cancel(), { type: 'flow.cancel' }],
    ['retry()', (c) => c.retry(), { type: 'flow.retry' }],
    ['changeIdentifier()', (c) => c.changeIdentifier(), { type: 'identifier.change' }],
    ['reset()', (c) => c.reset(), { type: 'flow.reset' }],
  ]

  test.each(table)('%s', (_, command, event) => {
    const sent: unknown[] = []
    const target = {
      send: (event: unknown) => sent.push(event),
      getSnapshot: () => {
        throw new Error('only switchIntent reads the snapshot')
      },
    }
    command(createOtpAuthCommands(target))
    expect(sent).toStrictEqual([event])
  })

  // That an options object adds nothing else to the event: trust.test.ts.
})

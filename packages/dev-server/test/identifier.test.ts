import { describe, expect, it } from 'vitest'
import { parseIdentifier } from '../src/index'
import { ADA, json, start } from './helpers'

describe('parseIdentifier', () => {
  it.each([
    ['ada@example.com', 'ada@example.com'],
    ['  Ada.Lovelace+otp@Example.CO.uk \n', 'ada.lovelace+otp@example.co.uk'],
    ["o'brien&co@sub.example-mail.io", "o'brien&co@sub.example-mail.io"],
    ['x@xn--bcher-kva.example', 'x@xn--bcher-kva.example'],
  ])('accepts the email %j as %j', (input, expected) => {
    expect(parseIdentifier(input)).toEqual({ ok: true, identifier: expected, channel: 'email' })
  })

  it.each([
    ['+14155552671', '+14155552671'],
    [' +1 (415) 555-2671 ', '+14155552671'],
    ['+49 151 23456789', '+4915123456789'],
    ['+12345678', '+12345678'],
    ['+123456789012345', '+123456789012345'],
  ])('accepts the phone number %j as %j', (input, expected) => {
    expect(parseIdentifier(input)).toEqual({ ok: true, identifier: expected, channel: 'sms' })
  })

  it.each([
    '',
    '   ',
    'ada',
    'ada@',
    '@example.com',
    'ada@example',
    'ada@@example.com',
    'ada@exa@mple.com',
    'ada lovelace@example.com',
    'ada@exam ple.com',
    'ada\u0000@example.com',
    'ada\t@example.com',
    'ada\u200b@example.com',
    'adä@example.com',
    'ada@bücher.example',
    'ada@example.c',
    'ada@-example.com',
    'ada@example..com',
    '.ada@example.com',
    'ad..a@example.com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(62)}.${'e'.repeat(62)}.com`,
    `a@${'b'.repeat(64)}.com`,
    '14155552671',
    '+04155552671',
    '+1234567',
    '+1234567890123456',
    '+1 415 555 2671 x12',
    '+1.415.555.2671',
    '+١٤١٥٥٥٥٢٦٧١',
    '+1415555\n2671',
  ])('rejects %j', (input) => {
    expect(parseIdentifier(input).ok).toBe(false)
  })
})

describe('identifiers over HTTP', () => {
  it('treats differently written forms of one identifier as the same user', async () => {
    const h = await start({ users: [{ identifier: ADA }, { identifier: ' +1 (415) 555-2671' }] })
    const email = await h.api('/apps/demo/login/otp', { identifier: '  ADA@EXAMPLE.COM ' })
    expect(email.status).toBe(200)
    expect(h.server.outbox.latest('ada@example.com')?.identifier).toBe('ada@example.com')
    const phone = await h.api('/apps/demo/login/otp', { identifier: '+1-415-555-2671' })
    expect(phone.status).toBe(200)
    expect(h.server.outbox.latest('+14155552671')?.channel).toBe('sms')
  })

  it('answers 400 invalid_request for an invalid identifier on both send endpoints', async () => {
    const h = await start()
    for (const endpoint of ['login', 'register']) {
      for (const identifier of ['not-an-email', 'ada@example', '+0123', 'ada\u0007@example.com']) {
        const response = await h.api(`/apps/demo/${endpoint}/otp`, { identifier })
        expect(response.status).toBe(400)
        expect((await json(response)).code).toBe('invalid_request')
      }
    }
    expect(h.server.outbox.messages()).toHaveLength(0)
  })

  it('seeds and sets users by normalised identifier; a bad one throws', async () => {
    const h = await start()
    h.server.users.set('  BOB@Example.com', 'inactive')
    expect(h.server.users.get('bob@example.com')).toMatchObject({
      identifier: 'bob@example.com',
      status: 'inactive',
    })
    expect(() => h.server.users.set('nope', 'active')).toThrow(TypeError)
    expect(() => h.server.users.set(ADA, 'sleeping' as 'active')).toThrow(
      new TypeError("status: must be 'active', 'pending' or 'inactive'"),
    )
    expect(() => h.server.users.set(42 as unknown as string, 'active')).toThrow(
      new TypeError('identifier: must be a string'),
    )
    expect(() => h.server.users.set(ADA, 'inactive', 'shop')).toThrow(
      new TypeError('appId: unknown app "shop"'),
    )
    expect(h.server.users.get(ADA)?.status).toBe('active')
  })
})

import {
  createFlowPersistence,
  createWebOtpReader,
  decodeJwtClaims,
  normalizeIdentifier,
  type OtpAuthOptions,
  otpAuthErrorKinds,
} from '@passage-otp/core'
import { describe, expect, test } from 'vitest'
import {
  DEFAULT_BASE_URL,
  devInboxUrl,
  flowOptions,
  readExampleConfig,
} from '../../examples/shared/config'
import { createConsoleInspector, stateText } from '../../examples/shared/console-inspector'
import {
  changeIdentifierLabel,
  codeHeading,
  codeSentText,
  formatClaim,
  inspectorNote,
  messages,
  pageTitle,
} from '../../examples/shared/ui'

describe("the examples' words for the core's messages", () => {
  test('every error kind of the core has a sentence, and nothing else does', () => {
    expect(Object.keys(messages.errorMessages).sort()).toEqual([...otpAuthErrorKinds].sort())
    for (const message of Object.values(messages.errorMessages)) expect(message).toMatch(/\.$/)
  })

  test('the code length comes from the flow, not from the words', () => {
    expect(messages.enterCode(8)).toBe('Enter the 8-digit code from the message we sent you.')
    expect(codeSentText(8, false)).toBe('We sent a 8-digit code to ')
    expect(codeSentText(6, true)).toBe('Sending a new code to ')
  })

  test('phone or email wording follows the channel the core reads from the identifier', () => {
    const channel = (identifier: string) => normalizeIdentifier(identifier)?.channel
    expect(codeHeading(channel('+1 (415) 555-0101'))).toBe('Check your phone')
    expect(changeIdentifierLabel(channel('+14155550101'))).toBe('Use a different phone number')
    expect(codeHeading(channel('ada@example.com'))).toBe('Check your email')
    // "+" alone does not make a phone number.
    expect(changeIdentifierLabel(channel('+ada@example.com'))).toBe('Use a different email')
  })
})

describe('readExampleConfig', () => {
  test('defaults to the local dev server and the demo app', () => {
    expect(readExampleConfig({}, '')).toEqual({
      appId: 'demo',
      baseURL: DEFAULT_BASE_URL,
      inspect: false,
    })
  })

  test('the query overrides the build-time env, and bad values are ignored', () => {
    const env = { VITE_PASSAGE_APP_ID: 'shop', VITE_PASSAGE_BASE_URL: 'http://127.0.0.1:9000/v1/' }
    expect(readExampleConfig(env, '')).toMatchObject({
      appId: 'shop',
      baseURL: 'http://127.0.0.1:9000/v1',
    })
    const query = '?baseURL=http%3A%2F%2F127.0.0.1%3A9100%2Fv1&resendCooldown=2&inspect'
    expect(readExampleConfig(env, query)).toEqual({
      appId: 'shop',
      baseURL: 'http://127.0.0.1:9100/v1',
      resendCooldownMs: 2000,
      inspect: 'stately',
    })
    expect(readExampleConfig(env, '?baseURL=javascript:alert(1)&resendCooldown=soon')).toEqual({
      appId: 'shop',
      baseURL: 'http://127.0.0.1:9000/v1',
      inspect: false,
    })
  })

  test('?inspect is the hosted Stately inspector, ?inspect=console the offline one', () => {
    const modes = ['', '?inspect', '?inspect=', '?inspect=console', '?inspect=false', '?inspect=x']
    expect(modes.map((query) => readExampleConfig({}, query).inspect)).toEqual([
      false,
      'stately',
      'stately',
      'console',
      false,
      'stately',
    ])
  })

  test('the inbox link is offered for loopback servers only', () => {
    expect(devInboxUrl('http://127.0.0.1:8787/v1')).toBe('http://127.0.0.1:8787/__dev/inbox')
    expect(devInboxUrl('https://auth.example.com/v1')).toBeNull()
  })
})

describe('flowOptions', () => {
  test('both examples pass their settings and extras, and the cooldown only when set', () => {
    const storage = { getItem: () => null, setItem() {}, removeItem() {} }
    const extras = { persist: createFlowPersistence({ storage }), webOtp: createWebOtpReader() }
    const config = readExampleConfig({}, '?appId=acme&resendCooldown=3')
    const options: OtpAuthOptions = flowOptions(config, extras)
    expect(options).toEqual({
      appId: 'acme',
      baseURL: DEFAULT_BASE_URL,
      input: { resendCooldownMs: 3000 },
      persist: extras.persist,
      webOtp: extras.webOtp,
    })
    expect(flowOptions(readExampleConfig({}, ''), extras).input).toBeUndefined()
  })
})

describe('the signed-in view: decodeJwtClaims from @passage-otp/core and formatClaim', () => {
  const base64url = (value: string) =>
    Buffer.from(value).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

  test('decodes a base64url payload, including non-ASCII text', () => {
    const claims = { sub: 'usr_ÿ?>', name: 'Zoë', exp: 1_700_000_000 }
    const token = `${base64url('{"alg":"RS256"}')}.${base64url(JSON.stringify(claims))}.sig`
    expect(token).toMatch(/[-_]/)
    expect(decodeJwtClaims(token)).toEqual(claims)
  })

  test('gives null for anything that is not a JWT with an object payload', () => {
    expect(decodeJwtClaims('not-a-token')).toBeNull()
    expect(decodeJwtClaims('a.%%%.c')).toBeNull()
    expect(decodeJwtClaims(`a.${base64url('[1]')}.c`)).toBeNull()
  })

  test('shows times as dates too', () => {
    expect(formatClaim('exp', 0)).toMatch(/^0 \(.+\)$/)
    expect(formatClaim('aud', 'demo')).toBe('demo')
    expect(formatClaim('aud', ['a', 'b'])).toBe('["a","b"]')
  })
})

describe('page titles', () => {
  test('the title names the step', () => {
    expect(pageTitle('identifier', 'React')).toBe('Sign in · Acme (React)')
    expect(pageTitle('code', 'Vue')).toBe('Enter your code · Acme (Vue)')
    expect(pageTitle('error', 'Vue')).toBe('Error · Acme (Vue)')
    expect(pageTitle('signedIn', 'React')).toBe('Signed in · Acme (React)')
  })
})

describe('the footer on inspectors', () => {
  const sentence = (mode: Parameters<typeof inspectorNote>[0]) =>
    inspectorNote(mode)
      .map((part) => part.text)
      .join('')

  test('says that the Stately inspector needs the internet and how to watch offline', () => {
    expect(sentence('stately')).toMatch(/needs the internet/)
    expect(sentence('stately')).toContain('Offline, use ?inspect=console.')
    expect(sentence('console')).toMatch(/^Console inspector on: .*browser console/)
    expect(sentence(false)).toMatch(/\?inspect .*\(online\).*\?inspect=console .*\(offline\)/)
  })

  test('shows what to type as code', () => {
    const codes = inspectorNote(false).filter((part) => part.code)
    expect(codes.map((part) => part.text)).toEqual(['?inspect', '?inspect=console'])
  })
})

describe('the console inspector (?inspect=console)', () => {
  test('a state value reads as dotted paths', () => {
    expect(stateText('idle')).toBe('idle')
    expect(stateText({ awaitingCode: { code: 'entering', resend: 'ready' } })).toBe(
      'awaitingCode.code.entering, awaitingCode.resend.ready',
    )
  })

  test("prints the flow's transitions with their context, not those of its requests", () => {
    const lines: unknown[][] = []
    const inspect = createConsoleInspector((...data) => lines.push(data))
    const context = { code: '[redacted]' }
    inspect({
      type: '@xstate.snapshot',
      rootId: 'x:0',
      actorRef: { sessionId: 'x:0' },
      event: { type: 'code.submit' },
      snapshot: { value: 'activating', context },
    })
    inspect({
      type: '@xstate.snapshot',
      rootId: 'x:0',
      actorRef: { sessionId: 'x:1' },
      event: { type: 'xstate.init' },
      snapshot: {},
    })
    inspect({ type: '@xstate.event', rootId: 'x:0', actorRef: { sessionId: 'x:0' } })
    expect(lines).toEqual([['[passage-otp] code.submit → activating', context]])
  })
})

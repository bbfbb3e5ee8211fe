import { describe, expect, test } from 'vitest'
import { decodeJwtClaims } from '../src/jwt'

// The first cases (two parts, not JSON, a non-numeric exp…) are in session.test.ts.
// Payloads are encoded here with Node's own encoder, an implementation independent of ours.
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url')
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')
const token = (payload: string) => `header.${payload}.signature`

describe('decodeJwtClaims, what it reads', () => {
  test('a payload whose encoding uses - and _ (base64url)', () => {
    // "?>" and "~" encode to characters at the end of the alphabet: 62 and 63.
    const json = '{"sub":"a?>b~~~"}'
    expect(base64url(json)).toMatch(/[-_]/)
    expect(decodeJwtClaims(token(base64url(json)))).toStrictEqual({ sub: 'a?>b~~~' })
  })

  test('a payload in standard base64, with + and / and == padding', () => {
    const json = '{"sub":"?>?~~~","n":1234}'
    const padded = base64(json)
    expect(padded).toMatch(/\+/)
    expect(padded).toMatch(/\//)
    expect(padded).toMatch(/[^=]==$/)
    expect(decodeJwtClaims(token(padded))).toStrictEqual({ sub: '?>?~~~', n: 1234 })
  })

  test('one character past whole groups is no encoding, even when the rest decodes', () => {
    // 12 characters hold the 9 bytes exactly; a 13th would carry 6 bits, never a byte.
    expect(decodeJwtClaims(token(base64url('{"a":123}')))).toStrictEqual({ a: 123 })
    expect(decodeJwtClaims(token(`${base64url('{"a":123}')}A`))).toBeNull()
  })

  test('a payload with whitespace bytes below 0x10 (a newline) and multi-byte UTF-8', () => {
    const json = '{\n"sub":"u1",\t"name":"Zoë 日本 🙂"}'
    expect(decodeJwtClaims(token(base64url(json)))).toStrictEqual({
      sub: 'u1',
      name: 'Zoë 日本 🙂',
    })
  })

  test('numeric exp and iat', () => {
    const json = '{"sub":"u1","exp":1800000600,"iat":1800000000}'
    expect(decodeJwtClaims(token(base64url(json)))).toStrictEqual({
      sub: 'u1',
      exp: 1_800_000_600,
      iat: 1_800_000_000,
    })
  })
})

describe('decodeJwtClaims, what is not a JWT: null', () => {
  test.each([
    ['an empty payload', 'header..signature'],
    ['one part', base64url('{"sub":"u1"}')],
    ['four parts', `a.${base64url('{"sub":"u1"}')}.c.d`],
    ['a payload of one character (length 1 modulo 4 is no encoding)', token('e')],
    ['a payload of five characters', token(base64url('{"a":1}').slice(0, 5))],
    ['characters outside both alphabets', token('eyJzdWIiOiJ1MSJ9!')],
    ['a space inside the payload', token('eyJzdWIi OiJ1MSJ9')],
    [
      'padding inside the payload',
      token(`${base64url('{"a":123}').slice(0, 8)}=${base64url('{"a":123}').slice(8)}`),
    ],
    [
      'bytes that are not UTF-8',
      token(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url')),
    ],
    ['a payload that is a string', token(base64url('"u1"'))],
    ['a payload that is null', token(base64url('null'))],
    ['a non-numeric iat', token(base64url('{"iat":"now"}'))],
  ])('%s', (_, jwt) => {
    expect(decodeJwtClaims(jwt)).toBeNull()
  })

  test.each([[undefined], [null], [42], [{ split: () => ['a', 'b', 'c'] }]])(
    'a value that is not a string (%s), from JavaScript past the types',
    (value) => {
      expect(decodeJwtClaims(value as never)).toBeNull()
    },
  )
})

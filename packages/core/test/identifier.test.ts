import { describe, expect, test } from 'vitest'
import { isValidIdentifier, normalizeIdentifier } from '../src/identifier'

// What Passage takes as an identifier (API page: "valid email or E164 phone number"), written out
// by hand: plain ASCII addresses (local part of dot-separated atoms, at most 64 characters; host
// labels of letters, digits and inner dashes, at most 63 characters; a top-level domain of
// letters or punycode; at most 254 characters in all), and E.164 numbers (a plus, a first digit
// that is not 0, 8 to 15 digits) with spaces, dashes and parentheses allowed between the digits.

const a = (count: number) => 'a'.repeat(count)

const emails: [string, string, string][] = [
  ['plain', 'ada@example.com', 'ada@example.com'],
  ['padded and mixed case (the docs example)', ' Ada@Example.com ', 'ada@example.com'],
  ['plus tag, subdomains', 'ada+otp@mail.example.co.uk', 'ada+otp@mail.example.co.uk'],
  [
    'every atom character',
    "a!#$%&'*+/=?^_`{|}~-b@example.com",
    "a!#$%&'*+/=?^_`{|}~-b@example.com",
  ],
  ['dots between atoms', 'a.d.a@example.com', 'a.d.a@example.com'],
  ['digits and inner dashes in labels', 'ada@1-a.example.com', 'ada@1-a.example.com'],
  ['one-character labels', 'ada@a.b.co', 'ada@a.b.co'],
  ['punycode label', 'ada@xn--bcher-kva.ch', 'ada@xn--bcher-kva.ch'],
  ['punycode top-level domain', 'ada@example.xn--p1ai', 'ada@example.xn--p1ai'],
  ['64-character local part', `${a(64)}@example.com`, `${a(64)}@example.com`],
  ['63-character label', `ada@${a(63)}.com`, `ada@${a(63)}.com`],
  ['63-letter top-level domain', `ada@example.${a(63)}`, `ada@example.${a(63)}`],
  [
    '254 characters',
    `${a(64)}@${a(63)}.${a(63)}.${a(57)}.com`,
    `${a(64)}@${a(63)}.${a(63)}.${a(57)}.com`,
  ],
]

const phones: [string, string, string][] = [
  ['E.164', '+14155550101', '+14155550101'],
  ['spaces, parentheses, dashes (the docs example)', '+1 (415) 555-0101', '+14155550101'],
  ['padded', ' +44 20 7946 0958 ', '+442079460958'],
  ['dashes only', '+1-415-555-0101', '+14155550101'],
  ['8 digits', '+12345678', '+12345678'],
  ['15 digits', '+123456789012345', '+123456789012345'],
]

const refused: [string, unknown][] = [
  ['not a string: null', null],
  ['not a string: undefined', undefined],
  ['not a string: a number', 14155550101],
  ['not a string: an array', ['ada@example.com']],
  ['empty', ''],
  ['blank', '   '],
  ['a name', 'ada'],
  ['no local part', '@example.com'],
  ['no domain', 'ada@'],
  ['a domain without a dot', 'ada@localhost'],
  ['a one-letter top-level domain', 'ada@example.c'],
  ['a top-level domain with a digit', 'ada@example.com1'],
  ['a numeric top-level domain', 'ada@example.123'],
  ['an empty label', 'ada@example..com'],
  ['a trailing dot', 'ada@example.com.'],
  ['a label starting with a dash', 'ada@-example.com'],
  ['a label ending with a dash', 'ada@example-.com'],
  ['an underscore in the domain', 'ada@exa_mple.com'],
  ['a leading dot', '.ada@example.com'],
  ['a dot before the @', 'ada.@example.com'],
  ['two dots in a row', 'a..da@example.com'],
  ['a quoted local part', '"ada"@example.com'],
  ['an IP address for a domain', 'ada@[127.0.0.1]'],
  ['a space inside', 'ada lovelace@example.com'],
  ['two @, each half an address', 'ada@example.com@example.com'],
  ['two @', 'ada@bob@example.com'],
  ['65-character local part', `${a(65)}@example.com`],
  ['64-character label', `ada@${a(64)}.com`],
  ['255 characters', `${a(64)}@${a(63)}.${a(63)}.${a(58)}.com`],
  ['a non-ASCII letter', 'äda@example.com'],
  ['a zero-width space', 'ada@example.com\u200b'],
  ['a control character', 'ada@exam\u0007ple.com'],
  ['no plus (the docs example)', '415 555 0101'],
  ['no plus, with the country code', '14155550101'],
  ['two plus signs', '++14155550101'],
  ['a first digit 0', '+04155550101'],
  ['7 digits', '+1234567'],
  ['16 digits', '+1234567890123456'],
  ['dots between digits', '+1.415.555.0101'],
  ['a tab between digits', '+1\t4155550101'],
  ['a no-break space between digits', '+1 415\u00a0555 0101'],
  ['an extension', '+1 415 555 0101 ext 2'],
]

describe('normalizeIdentifier, by the rules', () => {
  test.each(emails)('email, %s', (_, input, identifier) => {
    expect(normalizeIdentifier(input)).toEqual({ identifier, channel: 'email' })
    expect(isValidIdentifier(input)).toBe(true)
  })

  test.each(phones)('phone, %s', (_, input, identifier) => {
    expect(normalizeIdentifier(input)).toEqual({ identifier, channel: 'sms' })
    expect(isValidIdentifier(input)).toBe(true)
  })

  test.each(refused)('refuses %s', (_, input) => {
    expect(normalizeIdentifier(input)).toBeNull()
    expect(isValidIdentifier(input)).toBe(false)
  })

  test('the lengths in the table are the ones they are named for', () => {
    const [, , longest] = emails.find(([name]) => name === '254 characters') ?? []
    const [, tooLong] = refused.find(([name]) => name === '255 characters') ?? []
    expect([longest?.length, String(tooLong).length]).toEqual([254, 255])
  })
})

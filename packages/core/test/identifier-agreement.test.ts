import { parseIdentifier } from '@passage-otp/dev-server'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { normalizeIdentifier } from '../src/identifier'
import {
  equivalentIdentifiers,
  invalidIdentifiers,
  lookalikeIdentifiers,
} from './support/hostile-corpus'

// The dev server keeps its own copy of the identifier rules (it must not depend on the core).
// The client refuses what the server would refuse, and both key a person the same way, only if
// the two agree on every string: on accept or reject, on the normalised value and the channel.

/** The dev server's answer in the core's shape: `{ identifier, channel }` or null. */
function server(input: string) {
  const result = parseIdentifier(input)
  return result.ok ? { identifier: result.identifier, channel: result.channel } : null
}

const corpus: Record<string, string> = {
  plain: 'ada@example.com',
  'mixed case, padded': '  Ada@Example.COM ',
  'punycode domain': 'ada@xn--bcher-kva.ch',
  'plus tag': 'ada+otp@mail.example.co.uk',
  'every atom character': "a!#$%&'*+/=?^_`{|}~-b@example.com",
  'double dot': 'a..da@example.com',
  'trailing dot': 'ada.@example.com',
  'no top-level domain': 'ada@example',
  'one-letter top-level domain': 'ada@example.c',
  'two @': 'ada@bob@example.com',
  'space inside': 'ada lovelace@example.com',
  '64-char local part': `${'a'.repeat(64)}@example.com`,
  '254 characters': `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`,
  '255 characters': `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`,
  '63-char label': `ada@${'b'.repeat(63)}.com`,
  '64-char label': `ada@${'b'.repeat(64)}.com`,
  'full-width at sign': 'ada＠example.com',
  'full-width letters': 'ａｄａ@example.com',
  'full-width dot': 'ada@example．com',
  'Cyrillic а': 'аda@example.com',
  'Greek ο': 'ada@exampleο.com',
  'E.164': '+14155552671',
  'E.164 with spaces, dashes, parentheses': ' +1 (415) 555-2671 ',
  'E.164, 8 digits': '+12345678',
  'E.164, 7 digits': '+1234567',
  'E.164, 15 digits': '+123456789012345',
  'E.164, 16 digits': '+1234567890123456',
  'E.164 starting with 0': '+04155552671',
  'no plus': '14155552671',
  'two plus signs': '++14155552671',
  'dots between digits': '+1.415.555.2671',
  'tab between digits': '+1\t4155552671',
  'no-break space between digits': '+1\u00a04155552671',
  'full-width digits': '+１４１５５５５２６７１',
  'full-width plus': '＋14155552671',
  'Arabic-Indic digits': '+١٤١٥٥٥٥٢٦٧١',
  'Devanagari digits': '+१४१५५५५२६७१',
  'superscript digits': '+¹⁴¹⁵⁵⁵⁵²⁶⁷¹',
  'minus sign instead of a dash': '+1 415−555−2671',
  'en dash': '+1 415–555–2671',
  empty: '',
  blank: '   ',
}

const cases = [
  ...Object.entries(corpus),
  ...[...lookalikeIdentifiers, ...equivalentIdentifiers, ...invalidIdentifiers]
    .filter((entry): entry is { label: string; value: string } => typeof entry.value === 'string')
    .map(({ label, value }) => [label, value] as const),
]

describe('the dev server and the core agree on identifiers', () => {
  test.each(cases)('%s', (_, input) => {
    expect(server(input)).toEqual(normalizeIdentifier(input))
  })

  test('the corpus holds both accepted emails and phone numbers, and refusals', () => {
    const answers = cases.map(([, input]) => normalizeIdentifier(input)?.channel ?? 'refused')
    expect(new Set(answers)).toEqual(new Set(['email', 'sms', 'refused']))
  })

  const separator = fc.constantFrom('', ' ', '-', '(', ')', '.', '\t', '\u00a0', '－')
  const phoneLike = fc
    .tuple(
      fc.constantFrom('+', '', '＋', '++'),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), separator), { maxLength: 18 }),
    )
    .map(([plus, digits]) => plus + digits.map(([d, s]) => `${d}${s}`).join(''))
  const emailLike = fc
    .tuple(fc.emailAddress(), fc.constantFrom('', ' ', '\t', '\u3000'), fc.boolean())
    .map(([email, pad, upper]) => pad + (upper ? email.toUpperCase() : email) + pad)
  const anything = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: fc.constantFrom(...'aA1@.+-_ ()[]"\\'.split('')) }),
    phoneLike,
    emailLike,
  )

  test('on arbitrary strings', () => {
    fc.assert(
      fc.property(anything, (input) => {
        expect(server(input)).toEqual(normalizeIdentifier(input))
      }),
      { numRuns: 5000 },
    )
  })
})

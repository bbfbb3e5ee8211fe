/**
 * Hostile values for identifiers and codes: malformed, lookalike, invisible, oversized and
 * non-string input. `label` names each value in test output without printing megabytes.
 */
import { MUTATION_RUN } from './runs'

export interface HostileValue {
  label: string
  value: unknown
}

// A mutation run instruments every statement, and the per-character loops over these values
// then take minutes: there, "1 MB" values are 64 KB (still far past every length limit).
const MB = MUTATION_RUN ? 64 * 1024 : 1024 * 1024

const entries = (record: Record<string, unknown>): HostileValue[] =>
  Object.entries(record).map(([label, value]) => ({ label, value }))

/** Values that are not an email address or an E.164 number by any reading. */
export const invalidIdentifiers: HostileValue[] = entries({
  empty: '',
  'only spaces': '   ',
  'tabs and newlines': '\t\n\r',
  'no at': 'ada.example.com',
  'no domain': 'ada@',
  'no local part': '@example.com',
  'no dot in domain': 'ada@example',
  'two ats': 'ada@@example.com',
  'space inside': 'ada lovelace@example.com',
  'space in domain': 'ada@exa mple.com',
  'NUL inside': 'ada\u0000@example.com',
  'NUL at the end': 'ada@example.com\u0000',
  'only NUL': '\u0000',
  'bell char': 'ada@exa\u0007mple.com',
  'escape sequence': 'ada@example.com\u001b[31m',
  'DEL char': 'ada\u007f@example.com',
  'C1 control (NEL)': 'ada\u0085@example.com',
  'CRLF header injection': 'ada@example.com\r\nBcc: eve@example.com',
  'newline inside': 'ada\n@example.com',
  'fullwidth at sign': 'ada＠example.com',
  'SQL injection': "ada@example.com'; DROP TABLE users;--",
  'JSON injection': 'ada@example.com", "identifier": "eve@example.com',
  'comma list': 'ada@example.com, eve@example.com',
  ['__proto__']: '__proto__',
  constructor: 'constructor',
  prototype: 'prototype',
  'toString()': 'toString',
  '1 MB local part': `${'a'.repeat(MB)}@example.com`,
  '1 MB domain': `ada@${'b'.repeat(MB)}.com`,
  '1 MB of digits': `+${'1'.repeat(MB)}`,
  '1 MB of spaces around an address': `${' '.repeat(MB)}x${' '.repeat(MB)}`,
  '255-char email': `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.io`,
  'phone too short': '+1234567',
  'phone too long': '+1234567890123456',
  'phone leading zero': '+01234567890',
  'phone without plus': '14155552671',
  'phone two pluses': '++14155552671',
  'phone with letters': '+1415555CALL',
  'phone Arabic-Indic digits': '+١٤١٥٥٥٥٢٦٧١',
  'phone fullwidth digits': '+１４１５５５５２６７１',
  'phone with NUL': '+1415555\u00002671',
  'phone with extension': '+14155552671;ext=1',
  'plus only': '+',
  'huge number text': '1e309',
  NaN: 'NaN',
  'number 14155552671': 14155552671,
  'number 0': 0,
  'number -1': -1,
  Infinity: Number.POSITIVE_INFINITY,
  'number NaN': Number.NaN,
  'huge number': 1e308,
  bigint: 14155552671n,
  null: null,
  undefined: undefined,
  true: true,
  false: false,
  'empty array': [],
  'array with an address': ['ada@example.com'],
  'empty object': {},
  'object with toString': { toString: () => 'ada@example.com' },
  'String object': Object('ada@example.com'),
  'null-prototype object': Object.create(null),
  '__proto__ object': JSON.parse('{"__proto__": {"polluted": true}}'),
  'constructor.prototype object': JSON.parse('{"constructor": {"prototype": {"polluted": 1}}}'),
  symbol: Symbol('ada@example.com'),
  function: () => 'ada@example.com',
  date: new Date(0),
})

/**
 * Lookalike and invisible-character addresses: Cyrillic and Greek letters in place of Latin ones,
 * right-to-left and zero-width marks, markup and JSON text. The dev server refuses every one.
 */
export const lookalikeIdentifiers: HostileValue[] = entries({
  'Cyrillic а in the local part': 'аda@example.com',
  'Cyrillic а in the domain': 'ada@exаmple.com',
  'Cyrillic е and х': 'ada@ехample.com',
  'Greek ο': 'ada@exampleο.com',
  'fullwidth letters': 'ａｄａ@example.com',
  'right-to-left mark at the end': 'ada@example.com\u200f',
  'left-to-right mark at the start': '\u200eada@example.com',
  'right-to-left override': '\u202eada@example.com',
  'RLO inside': 'ada\u202e@example.com',
  'zero-width joiner': 'ada\u200d@example.com',
  'zero-width space': 'a\u200bda@example.com',
  'zero-width non-joiner': 'ada@exa\u200cmple.com',
  'word joiner': '\u2060ada@example.com',
  'combining accent': 'ada\u0301@example.com',
  'markup in the local part': '<script>alert(1)</script>@example.com',
  'quoted local part': '"ada"@example.com',
  'leading dot': '.ada@example.com',
  'IP literal domain': 'ada@[127.0.0.1]',
  'domain label starting with a dash': 'ada@-example.com',
  'digit in the top-level domain': 'ada@example.c0m',
  'underscore in the domain': 'ada@exa_mple.com',
  '65-char local part': `${'a'.repeat(65)}@example.com`,
  'JSON object text': '{"identifier":"ada@example.com"}',
  'JSON array text': '["ada@example.com"]',
})

/** Written differently, but the same address once trimmed and lower-cased. */
export const equivalentIdentifiers: HostileValue[] = entries({
  'upper case': 'ADA@EXAMPLE.COM',
  'surrounding spaces': '  ada@example.com  ',
  'surrounding tabs and newlines': '\t\nada@example.com\r\n',
  'byte order mark': '\ufeffada@example.com',
  'no-break spaces': '\u00a0ada@example.com\u00a0',
  'ideographic space': 'ada@example.com\u3000',
})

/** Values that are not a 6-digit code. */
export const invalidCodes: HostileValue[] = entries({
  empty: '',
  spaces: '      ',
  'five digits': '12345',
  'seven digits': '1234567',
  letters: 'abcdef',
  'digits and a letter': '12345a',
  'superscript digits': '¹²³⁴⁵⁶',
  'NUL inside': '123\u0000456',
  'plus sign': '+123456',
  decimal: '1234.56',
  exponent: '1e5',
  hex: '0x1E240',
  'SQL injection': "123456' OR '1'='1",
  'JSON injection': '123456", "otp_id": "x',
  '1 MB of digits': '1'.repeat(MB),
  '1 MB of spaces and six digits': `${' '.repeat(MB)}123456x`,
  ['__proto__']: '__proto__',
  'number 123456': 123456,
  null: null,
  undefined: undefined,
  'array with a code': ['123456'],
  object: { code: '123456' },
  'object with toString': { toString: () => '123456' },
  bigint: 123456n,
  symbol: Symbol('123456'),
})

/** Pasted forms of a valid code (digits of other scripts and invisible marks are read too). */
export const pastedCodes: HostileValue[] = entries({
  plain: '123456',
  'space in the middle': '123 456',
  'dash in the middle': '123-456',
  'surrounding spaces': '  123456  ',
  'a newline at the end': '123456\n',
  'spaced digits': '1 2 3 4 5 6',
  'leading zeros': '000000',
  'Arabic-Indic digits': '١٢٣٤٥٦',
  'fullwidth digits': '１２３４５６',
  'zero-width space inside': '123\u200b456',
  'RTL mark inside': '123\u200f456',
})

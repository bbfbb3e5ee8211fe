import { expect, test } from 'vitest'
import { isFiniteNumber, isRecord } from '../src/checks'

test.each([
  [{}, true],
  [{ a: 1 }, true],
  [Object.create(null), true],
  [[], false],
  [null, false],
  [undefined, false],
  ['{}', false],
  [1, false],
])('isRecord(%j) is %s', (value, expected) => {
  expect(isRecord(value)).toBe(expected)
})

test.each([
  [0, true],
  [-1.5, true],
  [1e300, true],
  [Number.NaN, false],
  [Number.POSITIVE_INFINITY, false],
  [Number.NEGATIVE_INFINITY, false],
  ['5', false],
  [null, false],
  [undefined, false],
  [{ valueOf: (): number => 5 }, false],
])('isFiniteNumber(%j) is %s', (value, expected) => {
  expect(isFiniteNumber(value)).toBe(expected)
})

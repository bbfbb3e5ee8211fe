import { randomInt } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateCode } from '../src/index'

// The code generator's statistics: uniform digits, positions and adjacent pairs, no counting
// pattern, zero-padded. Sized by count: 20 000 draws take milliseconds.

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((sum, count) => sum + count, 0)
  const expected = total / counts.length
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0)
}

// Upper critical values of the chi-square distribution at a significance of 1e-4: a uniform
// source fails one of these checks about once in ten thousand runs.
const CRITICAL_1E4 = { 9: 33.72, 54: 101.42, 99: 160.06 } as const

interface CodeFigures {
  digits: number
  positions: number
  pairs: number[]
}

function codeFigures(codes: readonly string[]): CodeFigures {
  const all = new Array<number>(10).fill(0)
  const byPosition = Array.from({ length: 6 }, () => new Array<number>(10).fill(0))
  const pairs = [0, 2, 4].map(() => new Array<number>(100).fill(0))
  for (const code of codes) {
    for (let p = 0; p < 6; p++) {
      const digit = Number(code[p])
      all[digit] = (all[digit] ?? 0) + 1
      const row = byPosition[p] as number[]
      row[digit] = (row[digit] ?? 0) + 1
    }
    for (const [i, start] of [0, 2, 4].entries()) {
      const cell = Number(code.slice(start, start + 2))
      const row = pairs[i] as number[]
      row[cell] = (row[cell] ?? 0) + 1
    }
  }
  return {
    digits: chiSquare(all),
    // Positions are independent under uniformity, so their statistics add up (6 × 9 = 54 df).
    positions: byPosition.reduce((sum, row) => sum + chiSquare(row), 0),
    pairs: pairs.map(chiSquare),
  }
}

function expectUniform(figures: CodeFigures) {
  expect(figures.digits).toBeLessThan(CRITICAL_1E4[9])
  expect(figures.positions).toBeLessThan(CRITICAL_1E4[54])
  for (const pair of figures.pairs) expect(pair).toBeLessThan(CRITICAL_1E4[99])
}

describe('generateCode', () => {
  const COUNT = 20_000

  it(`draws uniform digits, positions and pairs (chi-square over ${COUNT} codes)`, () => {
    const codes = Array.from({ length: COUNT }, generateCode)
    for (const code of codes) expect(code).toMatch(/^\d{6}$/)
    expectUniform(codeFigures(codes))
    // About n²/2N = 200 repeats are expected among 20 000 draws from a million.
    expect(new Set(codes).size).toBeGreaterThan(COUNT - 300)
    // No counting pattern: a code is almost never the previous one plus one.
    const successors = codes.filter(
      (code, i) => i > 0 && Number(code) === (Number(codes[i - 1]) + 1) % 1_000_000,
    )
    expect(successors.length).toBeLessThanOrEqual(3)
    // A tenth start with 0: zero-padded, not drawn from 100000-999999.
    expect(codes.filter((code) => code.startsWith('0')).length).toBeGreaterThan(COUNT / 20)
  })

  it('the uniformity check rejects biased sources (it can fail)', () => {
    const draw = (next: () => string) => Array.from({ length: 6000 }, next)
    const pad = (n: number) => String(n).padStart(6, '0')
    // No leading zero, as `randomInt(100000, 1000000)` would give.
    const noZeroFirst = codeFigures(draw(() => pad(randomInt(100_000, 1_000_000))))
    expect(noZeroFirst.positions).toBeGreaterThan(CRITICAL_1E4[54])
    // Modulo bias made visible: two random digits summed, the last digit of the sum kept.
    const skewed = codeFigures(
      draw(() =>
        pad(randomInt(1_000_000)).replace(/\d$/, () => String(randomInt(6) + randomInt(5))),
      ),
    )
    expect(skewed.positions).toBeGreaterThan(CRITICAL_1E4[54])
    // Each digit repeated: uniform digits and positions, but dependent pairs.
    const doubled = codeFigures(
      draw(() => [0, 1, 2].map(() => String(randomInt(10)).repeat(2)).join('')),
    )
    expect(Math.max(...doubled.pairs)).toBeGreaterThan(CRITICAL_1E4[99])
    // A sound source passes.
    expectUniform(codeFigures(draw(() => pad(randomInt(1_000_000)))))
  })
})

/**
 * How many cases a property test runs. Sized by count, never by time: `quiet` is what the suite
 * runs (each property test takes a few seconds on a quiet machine and stays inside its budget at
 * a third of that speed). A mutation run (`MUTATION_RUN=1`, set by `pnpm mutation`) repeats the
 * tests for every mutant, so it runs a tenth of the cases, from a fixed seed so that every
 * mutant meets the same cases.
 */
export const MUTATION_RUN = process.env.MUTATION_RUN === '1'

export function propertyRuns(quiet: number): { numRuns: number; seed?: number } {
  return MUTATION_RUN ? { numRuns: Math.ceil(quiet / 10), seed: 1 } : { numRuns: quiet }
}

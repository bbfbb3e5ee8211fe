import { defineConfig } from 'vitest/config'

// Budgets that hold on a machine three times slower than a quiet laptop (CI on two shared
// cores, or `scripts/busy-check.sh`): property runs are sized by count, and every test gets
// room for that count at a third of the speed. Waits use fake timers or `waitFor`, never sleeps
// that race the CPU.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A mutation run (`MUTATION_RUN=1`) leaves out the test that depends on a real-time grace.
    exclude: process.env.MUTATION_RUN === '1' ? ['test/close-grace.test.ts'] : [],
    // Under mutation every statement is instrumented and runs several times slower.
    testTimeout: process.env.MUTATION_RUN === '1' ? 120_000 : 30_000,
    hookTimeout: 30_000,
  },
})

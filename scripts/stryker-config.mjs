/**
 * The mutation-testing setup both packages share (`pnpm mutation`). Each package's
 * `stryker.config.mjs` calls this with its name; reports go to `artifacts/mutation/<name>/`.
 */
export function strykerConfig(name, { breakAt }) {
  const reports = `../../artifacts/mutation/${name}`
  return {
    packageManager: 'pnpm',
    testRunner: 'vitest',
    vitest: { configFile: 'vitest.config.ts' },
    plugins: ['@stryker-mutator/vitest-runner'],
    mutate: ['src/**/*.ts', '!src/index.ts'],
    coverageAnalysis: 'perTest',
    // Mutants in code that runs only while a module loads (the machine's config literal, tables)
    // would each need the whole suite; the model tests check that structure against the spec.
    ignoreStatic: true,
    concurrency: 2,
    // A busy shared machine: generous before calling a mutant a timeout.
    timeoutMS: 20_000,
    timeoutFactor: 3,
    dryRunTimeoutMinutes: 20,
    incremental: true,
    incrementalFile: 'stryker-incremental.json',
    reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
    htmlReporter: { fileName: `${reports}/index.html` },
    jsonReporter: { fileName: `${reports}/mutation.json` },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
    thresholds: { high: 90, low: 80, break: breakAt },
  }
}

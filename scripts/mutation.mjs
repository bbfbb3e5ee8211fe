#!/usr/bin/env node
/**
 * Mutation testing of the core, the dev server and the production server with Stryker.
 *
 *   node scripts/mutation.mjs [core|dev-server|server]
 *                                        every mutant (refreshes the committed incremental files)
 *   node scripts/mutation.mjs --incremental [core|dev-server|server]
 *                                        only mutants whose code or tests changed since the
 *                                        committed `stryker-incremental.json` (what CI runs)
 *
 * `MUTATION_RUN=1` is set for the tests: property runs are sized for one run per mutant and the
 * core's real-time fault tests are left out (see packages/core/vitest.config.ts).
 *
 * Reports: artifacts/mutation/<package>/index.html and mutation.json. A score under a package's
 * `thresholds.break`, or under 90 % for one of the files listed in `perFile` below, fails the run.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const packages = {
  core: 'packages/core',
  'dev-server': 'packages/dev-server',
  server: 'packages/server',
}
/** Files held to 90 % on their own, per package. */
const perFile = {
  core: [
    'machine.ts',
    'client.ts',
    'errors.ts',
    'code.ts',
    'identifier.ts',
    'redact.ts',
    'persistence.ts',
  ].map((file) => `src/${file}`),
  'dev-server': [],
  server: [],
}
const FILE_BREAK = 90
/** Score per file from Stryker's JSON report: detected / (detected + undetected), in %. */
function fileScores(report) {
  const scores = {}
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const count = (statuses) => mutants.filter((m) => statuses.includes(m.status)).length
    const detected = count(['Killed', 'Timeout'])
    const undetected = count(['Survived', 'NoCoverage'])
    const total = detected + undetected
    scores[file] = { detected, undetected, score: total === 0 ? 100 : (100 * detected) / total }
  }
  return scores
}

/**
 * Stryker writes its incremental file with the paths of the machine it ran on; the committed
 * baseline must match on any clone. Keeps what the next run compares (the sources, mutants and
 * tests) under paths relative to the package, and drops the run's machine and timing facts.
 */
function makePortable(dir) {
  const file = join(dir, 'stryker-incremental.json')
  const { schemaVersion, thresholds, files, testFiles } = JSON.parse(readFileSync(file, 'utf8'))
  const portable = (records = {}) =>
    Object.fromEntries(
      Object.entries(records).map(([path, record]) => [
        relative(dir, resolve(dir, path)).split(sep).join('/'),
        record,
      ]),
    )
  const baseline = {
    schemaVersion,
    thresholds,
    files: portable(files),
    testFiles: portable(testFiles),
  }
  writeFileSync(file, `${JSON.stringify(baseline)}\n`)
}

if (process.argv[2] === '--child') {
  // Stryker 10 declares Node >= 22 and refuses older versions at import; it runs fine on the
  // Node 20 this repo supports, so its check is given the version it asks for.
  Object.defineProperty(process, 'version', { value: 'v22.0.0' })
  const { StrykerCli } = await import('@stryker-mutator/core')
  new StrykerCli([process.argv[0], 'stryker', 'run', ...process.argv.slice(3)]).run()
} else {
  const args = process.argv.slice(2)
  const incremental = args.includes('--incremental')
  const names = args.filter((arg) => !arg.startsWith('--'))
  const selected = names.length > 0 ? names : Object.keys(packages)
  for (const name of selected) {
    const strykerArgs = incremental ? ['--incremental'] : ['--incremental', '--force']
    if (!(name in packages)) throw new Error(`Unknown package ${name}: ${Object.keys(packages)}`)
    const dir = join(root, packages[name])
    if (incremental && !existsSync(join(dir, 'stryker-incremental.json'))) {
      console.error(
        `mutation: ${name} has no committed stryker-incremental.json; run \`pnpm mutation\` ` +
          'once and commit it (an incremental run without it would test every mutant).',
      )
      process.exit(1)
    }
    console.log(`\n== mutation testing: ${name} (${incremental ? 'incremental' : 'full'}) ==`)
    const { status } = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--child', ...strykerArgs],
      {
        cwd: dir,
        stdio: 'inherit',
        // Tells the test setup to size its property runs for one run per mutant.
        env: { ...process.env, MUTATION_RUN: '1' },
      },
    )
    if (existsSync(join(dir, 'stryker-incremental.json'))) makePortable(dir)
    if (status !== 0) process.exit(status ?? 1)
    const report = JSON.parse(
      readFileSync(join(root, 'artifacts/mutation', name, 'mutation.json'), 'utf8'),
    )
    const scores = fileScores(report)
    const low = perFile[name].filter((file) => (scores[file]?.score ?? 0) < FILE_BREAK)
    for (const file of perFile[name]) {
      const figure = scores[file]
      console.log(`${file}: ${figure ? `${figure.score.toFixed(1)} %` : 'not in the report'}`)
    }
    if (low.length > 0) {
      console.error(`mutation: under ${FILE_BREAK} % in ${name}: ${low.join(', ')}`)
      process.exit(1)
    }
  }
}

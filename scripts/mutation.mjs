#!/usr/bin/env node
/**
 * Mutation testing of the core and the dev server with Stryker.
 *
 *   node scripts/mutation.mjs            every mutant (refreshes the committed incremental files)
 *   node scripts/mutation.mjs --incremental [core|dev-server]
 *                                        only mutants whose code or tests changed since the
 *                                        committed `stryker-incremental.json` (what CI runs)
 *
 * `MUTATION_RUN=1` is set for the tests: property runs are sized for one run per mutant and the
 * core's real-time fault tests are left out (see packages/core/vitest.config.ts).
 *
 * Reports: artifacts/mutation/<package>/index.html and mutation.json. A score under a package's
 * `thresholds.break` fails the run.
 */
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const packages = { core: 'packages/core', 'dev-server': 'packages/dev-server' }

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
  const strykerArgs = incremental ? ['--incremental'] : ['--incremental', '--force']
  for (const name of selected) {
    if (!(name in packages)) throw new Error(`Unknown package ${name}: ${Object.keys(packages)}`)
    console.log(`\n== mutation testing: ${name} (${incremental ? 'incremental' : 'full'}) ==`)
    const { status } = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--child', ...strykerArgs],
      {
        cwd: join(root, packages[name]),
        stdio: 'inherit',
        // Tells the test setup to size its property runs for one run per mutant.
        env: { ...process.env, MUTATION_RUN: '1' },
      },
    )
    if (status !== 0) process.exit(status ?? 1)
  }
}

// Helpers for the load and soak script (load.mjs): options, a bounded worker pool, figures and
// the printed report. No dependencies beyond Node.

import { parseArgs } from 'node:util'

export const MAX_FLOWS = 20_000
export const MAX_CONCURRENCY = 1_000

/** Reads `--flows N --concurrency C --short --timeout S --code-ttl S` with bounds. */
export function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      flows: { type: 'string' },
      concurrency: { type: 'string' },
      short: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      'code-ttl': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  const short = values.short
  const int = (name, value, fallback, min, max) => {
    if (value === undefined) return fallback
    const n = Number(value)
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new RangeError(`--${name} must be an integer from ${min} to ${max}`)
    }
    return n
  }
  return {
    help: values.help,
    short,
    flows: int('flows', values.flows, short ? 100 : 1000, 1, MAX_FLOWS),
    concurrency: int('concurrency', values.concurrency, short ? 50 : 100, 1, MAX_CONCURRENCY),
    timeoutSeconds: int('timeout', values.timeout, short ? 60 : 120, 5, 600),
    codeTtlSeconds: int('code-ttl', values['code-ttl'], short ? 5 : 10, 1, 300),
  }
}

export const usage = `Usage: node bench/src/load.mjs [--flows N] [--concurrency C] [--short] [--timeout S] [--code-ttl S]

Runs N complete flows (register → activate, then login → activate for one new identifier each)
through core actors against one in-process dev server on 127.0.0.1, C of them at once, then waits
for the codes to expire and the server's sweep to run. Prints throughput, flow latency and memory,
and exits 1 if any check fails (2 on the hard timeout).

  --flows N        flows to run (default 1000; --short: 100; at most ${MAX_FLOWS})
  --concurrency C  flows in flight at once (default 100; --short: 50; at most ${MAX_CONCURRENCY})
  --short          the quick CI run
  --timeout S      hard limit for the whole run in seconds (default 120; --short: 60)
  --code-ttl S     code and refresh-token lifetime on the server in seconds (default 10;
                   --short: 5); the run waits this long for them to expire and be swept
`

/**
 * Runs `task(i)` for i in [0, count) with at most `limit` in flight; tracks the peak. With
 * `rampMs`, the workers start evenly spread over that time instead of all at once.
 */
export async function runPool(count, limit, task, { rampMs = 0 } = {}) {
  let next = 0
  let inFlight = 0
  let peak = 0
  const workers = Math.min(limit, count)
  const worker = async (n) => {
    if (rampMs > 0) await new Promise((resolve) => setTimeout(resolve, (n * rampMs) / workers))
    while (next < count) {
      const index = next++
      inFlight += 1
      peak = Math.max(peak, inFlight)
      try {
        await task(index)
      } finally {
        inFlight -= 1
      }
    }
  }
  await Promise.all(Array.from({ length: workers }, (_, n) => worker(n)))
  return { peakInFlight: peak }
}

/** The value below which `p` percent of the sorted `values` fall (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

/** The `sub` claim of a JWT, without verifying it (the server's own tests verify tokens). */
export function subjectOf(token) {
  const payload = token.split('.')[1] ?? ''
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).sub
}

/** Heap used in bytes, after a full collection when `global.gc` exists. */
export function heapUsed() {
  globalThis.gc?.()
  globalThis.gc?.()
  return process.memoryUsage().heapUsed
}

/** Samples heap used, and `extra()` figures, every `ms` until stopped; keeps the highest. */
export function sampleHeap(extra = () => ({}), ms = 25) {
  let peak = process.memoryUsage().heapUsed
  const highest = {}
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed)
    for (const [key, value] of Object.entries(extra())) {
      highest[key] = Math.max(highest[key] ?? value, value)
    }
  }
  const timer = setInterval(sample, ms)
  return {
    stop() {
      clearInterval(timer)
      sample()
      return { heap: peak, ...highest }
    },
  }
}

export const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
export const ms = (value) => `${value.toFixed(1)} ms`

/** Prints rows of [label, value] as a two-column Markdown table. */
export function printTable(title, rows) {
  const width = Math.max(...rows.map(([label]) => label.length), 6)
  const valueWidth = Math.max(...rows.map(([, value]) => String(value).length), 5)
  console.log(`\n${title}\n`)
  console.log(`| ${'metric'.padEnd(width)} | ${'value'.padEnd(valueWidth)} |`)
  console.log(`| ${'-'.repeat(width)} | ${'-'.repeat(valueWidth)} |`)
  for (const [label, value] of rows) {
    console.log(`| ${label.padEnd(width)} | ${String(value).padEnd(valueWidth)} |`)
  }
}

/** Collects named pass/fail checks and prints them. */
export function createChecks() {
  const results = []
  return {
    check(name, ok, detail = '') {
      results.push({ name, ok: Boolean(ok), detail })
    },
    print() {
      console.log('\nchecks\n')
      for (const { name, ok, detail } of results) {
        console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? ` (${detail})` : ''}`)
      }
    },
    get failed() {
      return results.filter((result) => !result.ok)
    },
  }
}

/** Polls `condition` every 50 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function pollUntil(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return true
}

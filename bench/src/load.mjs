#!/usr/bin/env node
// Load and soak run: many complete OTP flows through core actors against one in-process dev
// server on 127.0.0.1, many at once. Checks that every flow signs in, that no flow sees another's
// code or user, and that the server's memory returns to baseline once codes expire.
//
//   node bench/src/load.mjs [--flows N] [--concurrency C] [--short]
//
// Uses the built packages: run `pnpm build` first. Re-runs itself with --expose-gc so heap
// figures are taken after a full collection.

import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createOtpAuthActor, selectIsBusy } from '@passage-otp/core'
import { createDevServer } from '@passage-otp/dev-server'
import { waitFor } from 'xstate'
import {
  createChecks,
  heapUsed,
  mb,
  ms,
  percentile,
  pollUntil,
  printTable,
  readOptions,
  runPool,
  sampleHeap,
  subjectOf,
  usage,
} from './load-lib.mjs'

const RESPAWNED = 'PASSAGE_OTP_LOAD_WITH_GC'

if (typeof globalThis.gc !== 'function' && process.env[RESPAWNED] !== '1') {
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, [RESPAWNED]: '1' } },
  )
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
} else {
  await main().catch((error) => {
    console.error(error instanceof Error ? error.stack : error)
    process.exit(1)
  })
}

async function main() {
  let options
  try {
    options = readOptions(process.argv.slice(2))
  } catch (error) {
    console.error(`${error.message}\n\n${usage}`)
    process.exit(2)
  }
  if (options.help) {
    console.log(usage)
    return
  }
  const { flows, concurrency, timeoutSeconds, codeTtlSeconds } = options
  const hardTimeout = setTimeout(() => {
    console.error(`load: hard timeout of ${timeoutSeconds} s reached; stopping.`)
    process.exit(2)
  }, timeoutSeconds * 1000)

  const server = await createDevServer({
    logger: false,
    ipRateLimit: false,
    resendCooldownSeconds: 0,
    codeTtlSeconds,
    refreshTokenTtlSeconds: codeTtlSeconds,
    sweepIntervalMs: 250,
  })
  const checks = createChecks()
  checks.check('server listens on loopback only', server.url.startsWith('http://127.0.0.1:'))

  // Warm up outside the figures (the signing key, the JIT, a pool of open connections), then
  // time one more wave of C sign-ins, warm, to size the ramp-up.
  const warmup = (wave) =>
    runPool(concurrency, concurrency, (i) =>
      signIn(server, `warmup-${process.pid}-${wave}-${i}@example.com`, 'register'),
    )
  await warmup(1)
  const warmupStarted = performance.now()
  await warmup(2)
  // Start the flows spread over half a wave's time rather than as one burst: a burst of C sends
  // followed by C activations queues the activations behind each other, and on a busy machine
  // the first codes can expire in that queue. A flow (two sign-ins) takes about four times as
  // long as the ramp, so all C flows are in flight together once it is over.
  const rampMs = Math.min(1000, (performance.now() - warmupStarted) / 2)
  const statsBefore = server.stats()
  const heapBefore = heapUsed()
  const rssBefore = process.memoryUsage().rss

  const run = `${Date.now().toString(36)}`
  const identifierOf = (i) => `load-${run}-${i}@example.com`
  const latencies = []
  const subjects = new Map()
  const failures = []
  let crossTalk = 0
  let mismatchedSubjects = 0
  let abandoned = 0

  const sampler = sampleHeap(() => {
    const { codes, refreshTokens } = server.stats()
    return { codes, refreshTokens }
  })
  const started = performance.now()
  const { peakInFlight } = await runPool(
    flows,
    concurrency,
    async (i) => {
      const identifier = identifierOf(i)
      const t0 = performance.now()
      try {
        const registered = await signIn(server, identifier, 'register')
        const loggedIn = await signIn(server, identifier, 'login')
        latencies.push(performance.now() - t0)
        crossTalk += registered.crossTalk + loggedIn.crossTalk
        const sub = subjectOf(registered.authResult.authToken)
        if (sub !== subjectOf(loggedIn.authResult.authToken)) mismatchedSubjects += 1
        if (sub !== server.users.get(identifier)?.id) mismatchedSubjects += 1
        subjects.set(identifier, sub)
        // Every tenth identifier also asks for a code and walks away, so that some codes are
        // left to expire and be swept rather than used.
        if (i % 10 === 0) {
          await abandon(server, identifier)
          abandoned += 1
        }
      } catch (error) {
        failures.push(`${identifier}: ${error instanceof Error ? error.message : String(error)}`)
      }
    },
    { rampMs },
  )
  const elapsedMs = performance.now() - started
  const peak = sampler.stop()
  const rssPeak = process.memoryUsage().rss
  const statsAtEnd = server.stats()

  // Soak: wait for every code and refresh token to expire and the sweep to remove them.
  const expireStarted = performance.now()
  const swept = await pollUntil(
    () => {
      const stats = server.stats()
      return stats.codes === 0 && stats.refreshTokens === 0 && stats.cooldowns === 0
    },
    (codeTtlSeconds + 10) * 1000,
  )
  const expiredAfterMs = performance.now() - expireStarted
  const statsAfter = server.stats()
  const heapAfter = heapUsed()
  const rssAfter = process.memoryUsage().rss

  const sorted = [...latencies].sort((a, b) => a - b)
  const completed = latencies.length
  const distinctSubjects = new Set(subjects.values()).size
  const requestsDuring = statsAtEnd.requests - statsBefore.requests

  checks.check(
    'every flow ends authenticated',
    completed === flows && failures.length === 0,
    `${completed}/${flows}`,
  )
  checks.check(
    'each flow activated only the code sent to its own identifier',
    crossTalk === 0,
    `${crossTalk} mismatches`,
  )
  checks.check(
    'register and login give the same sub, the user’s id',
    mismatchedSubjects === 0,
    `${mismatchedSubjects} mismatches`,
  )
  checks.check(
    'different identifiers have different subs',
    distinctSubjects === subjects.size,
    `${distinctSubjects} distinct of ${subjects.size}`,
  )
  checks.check(
    'exactly 4 requests per flow, plus 1 per abandoned send',
    requestsDuring === flows * 4 + abandoned,
    `${requestsDuring} for ${flows} flows and ${abandoned} abandoned sends`,
  )
  checks.check(
    `at least ${Math.min(concurrency, flows)} flows in flight at once`,
    peakInFlight >= Math.min(concurrency, flows),
    `peak ${peakInFlight}`,
  )
  checks.check(
    'codes, refresh tokens and cooldowns swept back to 0 after expiry',
    swept,
    `codes ${statsAfter.codes}, refresh tokens ${statsAfter.refreshTokens}, cooldowns ${statsAfter.cooldowns}`,
  )
  // Users stay (they are accounts) and the outbox keeps its newest 1000 messages; everything
  // else returns to where it was, so the heap must too, give or take what the users hold.
  const heapBudget = heapBefore + 16 * 1024 * 1024
  checks.check(
    'heap after expiry and sweep within 16 MB of the baseline',
    heapAfter <= heapBudget,
    `${mb(heapAfter)} vs ${mb(heapBefore)}`,
  )

  printTable(
    `passage-otp load: ${flows} flows (register → activate, then login → activate), ${concurrency} in flight`,
    [
      ['flows completed', `${completed}/${flows}`],
      ['wall time', `${(elapsedMs / 1000).toFixed(2)} s`],
      ['flows/s', (completed / (elapsedMs / 1000)).toFixed(1)],
      ['HTTP requests/s', (requestsDuring / (elapsedMs / 1000)).toFixed(0)],
      ['flow latency p50', ms(percentile(sorted, 50))],
      ['flow latency p95', ms(percentile(sorted, 95))],
      ['flow latency p99', ms(percentile(sorted, 99))],
      ['flow latency max', ms(sorted.at(-1) ?? Number.NaN)],
      ['peak flows in flight', peakInFlight],
      ['ramp-up', ms(rampMs)],
      ['heap used before (after gc)', mb(heapBefore)],
      ['heap used peak (sampled)', mb(peak.heap)],
      [`heap used after expiry + sweep (gc)`, mb(heapAfter)],
      ['rss before / peak / after', `${mb(rssBefore)} / ${mb(rssPeak)} / ${mb(rssAfter)}`],
      ['codes expired and swept after', `${(expiredAfterMs / 1000).toFixed(1)} s`],
      [
        'server live codes before / peak / end of flows / after',
        `${statsBefore.codes} / ${peak.codes} / ${statsAtEnd.codes} / ${statsAfter.codes}`,
      ],
      [
        'server refresh tokens before / peak / end of flows / after',
        `${statsBefore.refreshTokens} / ${peak.refreshTokens} / ${statsAtEnd.refreshTokens} / ${statsAfter.refreshTokens}`,
      ],
      [
        'server cooldowns / rate-limit buckets after',
        `${statsAfter.cooldowns} / ${statsAfter.rateLimitBuckets}`,
      ],
      ['server users / outbox after', `${statsAfter.users} / ${statsAfter.outbox}`],
      ['gc available', typeof globalThis.gc === 'function' ? 'yes' : 'no'],
    ],
  )
  checks.print()
  for (const failure of failures.slice(0, 5)) console.error(`  failed flow: ${failure}`)

  await server.close()
  clearTimeout(hardTimeout)
  process.exit(checks.failed.length === 0 ? 0 : 1)
}

/** Asks for a login code through a fresh actor, then resets the flow without using it. */
async function abandon(server, identifier) {
  const actor = createOtpAuthActor({ appId: server.appId, baseURL: server.baseURL }).start()
  try {
    actor.send({ type: 'identifier.submit', identifier, intent: 'login' })
    const waiting = await waitFor(actor, (s) => !selectIsBusy(s), { timeout: 30_000 })
    if (!waiting.matches('awaitingCode')) throw new Error('abandoned send: no code form')
    actor.send({ type: 'flow.reset' })
  } finally {
    actor.stop()
  }
}

/** One sign-in through a fresh core actor; the code is read from the outbox by identifier. */
async function signIn(server, identifier, intent) {
  const actor = createOtpAuthActor({
    appId: server.appId,
    baseURL: server.baseURL,
    timeoutMs: 30_000,
    input: { resendCooldownMs: 0 },
  }).start()
  try {
    actor.send({ type: 'identifier.submit', identifier, intent })
    const waiting = await waitFor(actor, (s) => !selectIsBusy(s), { timeout: 30_000 })
    if (!waiting.matches('awaitingCode')) {
      throw new Error(`${intent}: no code form (${waiting.context.error?.kind ?? 'no error'})`)
    }
    const message = server.outbox.latest(identifier)
    const crossTalk =
      message?.identifier === identifier && message.otpId === waiting.context.otpId ? 0 : 1
    actor.send({ type: 'code.submit', code: message?.code ?? '' })
    const done = await waitFor(actor, (s) => !selectIsBusy(s), { timeout: 30_000 })
    if (!done.matches('authenticated') || !done.context.authResult) {
      throw new Error(`${intent}: not authenticated (${done.context.error?.kind ?? 'no error'})`)
    }
    return { authResult: done.context.authResult, crossTalk }
  } finally {
    actor.stop()
  }
}

#!/usr/bin/env node
// Load run of the production server (@passage-otp/server) on PostgreSQL: complete OTP flows
// (register, then log in: two sign-ins each) against one instance, then against two instances
// on the same database, each step of a flow on the other instance than the last. Codes go out
// through the SMS webhook, received here. Prints flows/s, p50/p95 per flow and whether every flow
// authenticated.
//
//   PASSAGE_OTP_TEST_DATABASE_URL=postgres://... node bench/src/load-server.mjs [--flows N] [--concurrency C]
//
// Uses the built server (`pnpm build` first); scripts/postgres.sh starts a throwaway database.

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { percentile, printTable, runPool, subjectOf } from './load-lib.mjs'

const CLI = fileURLToPath(new URL('../../packages/server/dist/cli.mjs', import.meta.url))

const { values } = parseArgs({
  options: {
    flows: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '20' },
  },
})
const flows = Number(values.flows)
const concurrency = Number(values.concurrency)
const databaseUrl = process.env.PASSAGE_OTP_TEST_DATABASE_URL
if (!databaseUrl) {
  console.error('load-server: set PASSAGE_OTP_TEST_DATABASE_URL (scripts/postgres.sh start)')
  process.exit(2)
}

// The SMS webhook: codes by phone number, handed to whoever waits for them.
const waiting = new Map()
const webhook = createServer((request, response) => {
  let body = ''
  request.on('data', (chunk) => {
    body += chunk
  })
  request.on('end', () => {
    const { to, code } = JSON.parse(body)
    waiting.get(to)?.(code)
    waiting.delete(to)
    response.writeHead(204).end()
  })
})
await new Promise((resolve) => webhook.listen(0, '127.0.0.1', resolve))
const codeFor = (phone) => new Promise((resolve) => waiting.set(phone, resolve))

const dir = mkdtempSync(join(tmpdir(), 'passage-otp-load-'))
const appId = `load-${randomBytes(4).toString('hex')}`
const configPath = join(dir, 'passage-otp.json')
/** Production mode on loopback and a free port, PostgreSQL from the environment, no IP limit. */
const server = { mode: 'production', host: '127.0.0.1', port: 0, ipRateLimit: false }
writeFileSync(
  configPath,
  JSON.stringify({
    ...server,
    store: { kind: 'postgres' },
    apps: [
      {
        id: appId,
        allowedOrigins: ['https://app.example.com'],
        sms: { webhookUrl: `http://127.0.0.1:${webhook.address().port}/sms` },
      },
    ],
  }),
)
const env = {
  ...process.env,
  PASSAGE_OTP_SECRET: randomBytes(32).toString('base64'),
  PASSAGE_OTP_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  PASSAGE_OTP_SMS_WEBHOOK_SECRET: 'load',
  PASSAGE_OTP_DATABASE_URL: databaseUrl,
}

function start() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--config', configPath], { env })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.stdout.on('data', (chunk) => {
      for (const line of String(chunk).split('\n')) {
        if (line.includes('"listening"')) resolve({ child, url: JSON.parse(line).url })
      }
    })
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)))
  })
}

async function post(url, path, body) {
  const response = await fetch(`${url}/v1/apps/${appId}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, json: await response.json() }
}

/** One sign-in: send through one instance, activate through the next. */
async function signIn(instances, turn, phone, intent) {
  const code = codeFor(phone)
  const sent = await post(instances[turn % instances.length].url, `/${intent}/otp`, {
    identifier: phone,
  })
  if (sent.status >= 300) throw new Error(`${intent}/otp ${sent.status}`)
  const activated = await post(instances[(turn + 1) % instances.length].url, '/otp/activate', {
    otp_id: sent.json.otp_id,
    otp: await code,
  })
  if (activated.status !== 200) throw new Error(`activate ${activated.status}`)
  return subjectOf(activated.json.auth_result.auth_token)
}

async function measure(count) {
  const instances = await Promise.all(Array.from({ length: count }, start))
  const run = (randomBytes(2).readUInt16BE(0) % 90) + 10
  const phoneOf = (i) => `+49${run}${count}${String(i).padStart(8, '0')}`
  const latencies = []
  let authenticated = 0
  const failures = []
  // Warm-up outside the figures.
  await runPool(concurrency, concurrency, (i) =>
    signIn(instances, i, phoneOf(90_000_000 + i), 'register'),
  )
  const started = performance.now()
  await runPool(flows, concurrency, async (i) => {
    const t0 = performance.now()
    try {
      const registered = await signIn(instances, i, phoneOf(i), 'register')
      const loggedIn = await signIn(instances, i + 1, phoneOf(i), 'login')
      if (registered === loggedIn) authenticated += 1
      else failures.push(`flow ${i}: two users`)
      latencies.push(performance.now() - t0)
    } catch (error) {
      failures.push(`flow ${i}: ${error.message}`)
    }
  })
  const seconds = (performance.now() - started) / 1000
  await Promise.all(
    instances.map(
      ({ child }) =>
        new Promise((resolve) => {
          child.removeAllListeners('exit')
          child.on('exit', resolve)
          child.kill('SIGTERM')
        }),
    ),
  )
  latencies.sort((a, b) => a - b)
  return { seconds, latencies, authenticated, failures }
}

let failed = false
for (const count of [1, 2]) {
  const result = await measure(count)
  printTable(
    `${count} instance${count > 1 ? 's' : ''} on PostgreSQL: ${flows} flows, ${concurrency} at once`,
    [
      ['flows/s', (flows / result.seconds).toFixed(1)],
      ['p50 per flow', `${percentile(result.latencies, 50).toFixed(1)} ms`],
      ['p95 per flow', `${percentile(result.latencies, 95).toFixed(1)} ms`],
      ['authenticated', `${result.authenticated} of ${flows}`],
    ],
  )
  if (result.authenticated !== flows) {
    failed = true
    console.error(result.failures.slice(0, 5).join('\n'))
  }
}
console.log(failed ? '\nFAIL: not every flow authenticated' : '\nall flows authenticated')
webhook.close()
rmSync(dir, { recursive: true, force: true })
process.exit(failed ? 1 : 0)

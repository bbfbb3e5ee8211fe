#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import pino from 'pino'
import { ConfigError, loadConfig } from './config'
import { startServer } from './serve'
import { keyRingFor, openConfiguredStore } from './server-app'

const HELP = `Usage:
  passage-otp-server [--config FILE]                   start the server (default FILE: passage-otp.json)
  passage-otp-server --dev                             start without a config file: development mode,
                                                       app 'demo', store in ./passage-otp-data,
                                                       codes printed here, localhost origins
  passage-otp-server keys rotate --app-id ID [--config FILE]
                                                       make a new signing key current; the old one
                                                       stays in the JWKS while its tokens live
Secrets come from the environment: PASSAGE_OTP_SECRET, PASSAGE_OTP_KEY_ENCRYPTION_KEY,
PASSAGE_OTP_DATABASE_URL, PASSAGE_OTP_SMTP_PASSWORD, PASSAGE_OTP_SMS_WEBHOOK_SECRET.
`

/** `--dev`: everything on this machine, nothing to set up. */
const DEV_CONFIG = {
  mode: 'development',
  host: '127.0.0.1',
  port: 8787,
  store: { kind: 'pglite', dataDir: './passage-otp-data' },
  apps: [
    {
      id: 'demo',
      allowedOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173'],
    },
  ],
}

function fail(message: string, code = 2): never {
  process.stderr.write(`passage-otp-server: ${message}\n`)
  process.exit(code)
}

function readConfig(path: string) {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    fail(`cannot read the config file ${path}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    fail(`${path}: not valid JSON (${error instanceof Error ? error.message : error})`)
  }
  try {
    return loadConfig(json, process.env)
  } catch (error) {
    if (error instanceof ConfigError) fail(`${path}: ${error.message}`)
    throw error
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string', default: 'passage-otp.json' },
      'app-id': { type: 'string' },
      help: { type: 'boolean' },
      dev: { type: 'boolean' },
    },
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const config = values.dev ? loadConfig(DEV_CONFIG, process.env) : readConfig(values.config)
  if (positionals[0] === 'keys' && positionals[1] === 'rotate') {
    const appId = values['app-id']
    if (!appId || !config.apps.some((app) => app.id === appId)) {
      fail(
        `keys rotate: --app-id must name an app of the config (${config.apps.map((a) => a.id).join(', ')})`,
      )
    }
    const store = await openConfiguredStore(config)
    try {
      const kid = await keyRingFor(config, store, Date.now).rotate(appId)
      process.stdout.write(`app ${appId}: new signing key ${kid}\n`)
    } finally {
      await store.close()
    }
    return
  }
  if (positionals.length > 0) fail(`unknown command ${positionals.join(' ')}\n${HELP}`)

  const logger = pino({ name: 'passage-otp-server' })
  const server = await startServer(config, { logger })
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1)
    stopping = true
    logger.info({ signal }, 'shutting down')
    server.shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1))

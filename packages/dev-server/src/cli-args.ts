import { parseArgs } from 'node:util'
import { DEFAULTS } from './defaults'
import { normalizeFaults } from './faults'
import type { DevServerOptions, Faults, SeedUser } from './types'
import { isUserStatus } from './users'

export type CliCommand =
  | { kind: 'help'; text: string }
  | { kind: 'run'; options: DevServerOptions; quiet: boolean }
  | { kind: 'error'; message: string }

interface Flag {
  name: string
  value?: string
  fallback: string
  text: string
  multiple?: boolean
}

const FLAGS: Flag[] = [
  {
    name: 'port',
    value: 'N',
    fallback: String(DEFAULTS.cliPort),
    text: 'port to listen on (0 = any free port)',
  },
  { name: 'host', value: 'HOST', fallback: DEFAULTS.host, text: 'interface to listen on' },
  {
    name: 'app-id',
    value: 'ID',
    fallback: DEFAULTS.appId,
    text: 'app id; repeat for more apps',
    multiple: true,
  },
  { name: 'code-ttl', value: 'SECONDS', fallback: '300', text: 'code lifetime' },
  { name: 'max-attempts', value: 'N', fallback: '5', text: 'wrong tries per code' },
  {
    name: 'resend-cooldown',
    value: 'SECONDS',
    fallback: '30',
    text: 'wait between sends to one identifier (0 = off)',
  },
  {
    name: 'ip-rate-limit',
    value: 'N/SECONDS',
    fallback: '120/60',
    text: 'requests per window per IP on /v1 (0 = off)',
  },
  {
    name: 'retry-after-format',
    value: 'FORMAT',
    fallback: 'seconds',
    text: 'Retry-After as seconds or http-date',
  },
  { name: 'auth-token-ttl', value: 'SECONDS', fallback: '3600', text: 'auth token (JWT) lifetime' },
  {
    name: 'refresh-token-ttl',
    value: 'SECONDS',
    fallback: '2592000',
    text: 'refresh token lifetime',
  },
  {
    name: 'redirect-url',
    value: 'URL',
    fallback: DEFAULTS.redirectUrl,
    text: 'redirect_url in auth results',
  },
  {
    name: 'user',
    value: 'ID[:STATUS]',
    fallback: 'none',
    text: 'seed a user, STATUS active|pending|inactive; repeatable',
    multiple: true,
  },
  { name: 'latency', value: 'MS', fallback: '0', text: 'fault: delay every /v1 response' },
  { name: 'error-rate', value: '0..1', fallback: '0', text: 'fault: answer --error-status' },
  { name: 'error-status', value: 'CODE', fallback: '503', text: 'fault: 500, 502 or 503' },
  {
    name: 'malformed-json-rate',
    value: '0..1',
    fallback: '0',
    text: 'fault: 200 with truncated JSON',
  },
  { name: 'drop-rate', value: '0..1', fallback: '0', text: 'fault: drop the connection' },
  { name: 'rate-limit-rate', value: '0..1', fallback: '0', text: 'fault: answer 429' },
  {
    name: 'fault-retry-after',
    value: 'SECONDS',
    fallback: '1',
    text: 'fault: Retry-After of --rate-limit-rate',
  },
  { name: 'quiet', fallback: 'off', text: 'do not print codes (the outbox still has them)' },
  { name: 'help', fallback: 'off', text: 'show this help (also -h)' },
]

export function helpText(): string {
  const lines = FLAGS.map((flag) => {
    const left = `  --${flag.name}${flag.value ? ` ${flag.value}` : ''}`
    return `${left.padEnd(34)}${flag.text} (default ${flag.fallback})`
  })
  return [
    'Usage: passage-otp-dev-server [flags]',
    '',
    'A Passage-compatible one-time-passcode API for local development and tests.',
    'Codes are printed here and listed at /__dev/inbox; nothing is sent anywhere.',
    '',
    'Flags:',
    ...lines,
    '',
  ].join('\n')
}

class FlagError extends Error {}

type Values = Record<string, string | boolean | Array<string | boolean> | undefined>

const strings = (value: Values[string]): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []

export function parseCliArgs(argv: string[]): CliCommand {
  let values: Values
  try {
    const options = Object.fromEntries(
      FLAGS.map((flag) => [
        flag.name,
        {
          type: flag.value ? ('string' as const) : ('boolean' as const),
          multiple: flag.multiple ?? false,
          ...(flag.name === 'help' ? { short: 'h' } : {}),
        },
      ]),
    )
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) }
  }
  if (values.help === true) return { kind: 'help', text: helpText() }
  try {
    return { kind: 'run', options: toOptions(values), quiet: values.quiet === true }
  } catch (error) {
    if (error instanceof FlagError || error instanceof TypeError) {
      return { kind: 'error', message: error.message }
    }
    throw error
  }
}

function toOptions(values: Values): DevServerOptions {
  const text = (name: string) => {
    const value = values[name]
    return typeof value === 'string' ? value : undefined
  }
  const number = (name: string, check: (n: number) => boolean, rule: string) => {
    const raw = text(name)
    if (raw === undefined) return undefined
    const value = raw.trim() === '' ? Number.NaN : Number(raw)
    if (!check(value)) throw new FlagError(`--${name}: ${JSON.stringify(raw)} is not ${rule}`)
    return value
  }
  const int = (name: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
    number(name, (n) => Number.isInteger(n) && n >= min && n <= max, `an integer >= ${min}`)
  const rate = (name: string) => number(name, (n) => n >= 0 && n <= 1, 'a number from 0 to 1')

  const appIds = strings(values['app-id'])
  const options: DevServerOptions = {
    port: int('port', 0, 65535) ?? DEFAULTS.cliPort,
    host: text('host'),
    appIds: appIds.length > 0 ? appIds : undefined,
    codeTtlSeconds: int('code-ttl', 1),
    maxAttempts: int('max-attempts', 1),
    resendCooldownSeconds: int('resend-cooldown', 0),
    ipRateLimit: ipRateLimit(text('ip-rate-limit')),
    retryAfterFormat: retryAfterFormat(text('retry-after-format')),
    authTokenTtlSeconds: int('auth-token-ttl', 1),
    refreshTokenTtlSeconds: int('refresh-token-ttl', 1),
    redirectUrl: text('redirect-url'),
    users: seedUsers(strings(values.user)),
  }
  const faults: Faults = {
    latencyMs: int('latency', 0, 600_000),
    errorRate: rate('error-rate'),
    errorStatus: errorStatus(text('error-status')),
    malformedJsonRate: rate('malformed-json-rate'),
    dropRate: rate('drop-rate'),
    rateLimitRate: rate('rate-limit-rate'),
    retryAfterSeconds: int('fault-retry-after', 0),
  }
  const defined = Object.entries(faults).filter(([, value]) => value !== undefined)
  options.faults = normalizeFaults(Object.fromEntries(defined))
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as DevServerOptions
}

function ipRateLimit(raw: string | undefined): DevServerOptions['ipRateLimit'] {
  if (raw === undefined) return undefined
  if (raw.trim() === '0') return false
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim())
  const max = Number(match?.[1])
  const windowSeconds = Number(match?.[2])
  if (!match || windowSeconds < 1) {
    throw new FlagError(`--ip-rate-limit: ${JSON.stringify(raw)} is not N/SECONDS or 0`)
  }
  return max === 0 ? false : { max, windowSeconds }
}

function retryAfterFormat(raw: string | undefined): DevServerOptions['retryAfterFormat'] {
  if (raw === undefined || raw === 'seconds' || raw === 'http-date') return raw
  throw new FlagError(`--retry-after-format: ${JSON.stringify(raw)} is not seconds or http-date`)
}

function errorStatus(raw: string | undefined): Faults['errorStatus'] {
  if (raw === undefined) return undefined
  if (raw === '500' || raw === '502' || raw === '503') return Number(raw) as 500 | 502 | 503
  throw new FlagError(`--error-status: ${JSON.stringify(raw)} is not 500, 502 or 503`)
}

function seedUsers(raw: string[]): SeedUser[] | undefined {
  if (raw.length === 0) return undefined
  return raw.map((entry) => {
    const at = entry.lastIndexOf(':')
    const identifier = at === -1 ? entry : entry.slice(0, at)
    const status = at === -1 ? 'active' : entry.slice(at + 1)
    if (!isUserStatus(status)) {
      throw new FlagError(`--user: ${JSON.stringify(entry)} has an unknown status`)
    }
    return { identifier, status }
  })
}

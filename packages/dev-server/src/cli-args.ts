import { parseArgs } from 'node:util'
import { resolveConfig } from './config'
import { DEFAULTS } from './defaults'
import type { DevServerOptions, Faults, SeedUser } from './types'
import { isUserStatus } from './users'

export type CliCommand =
  | { kind: 'help'; text: string }
  | { kind: 'run'; options: DevServerOptions; quiet: boolean }
  | { kind: 'error'; message: string }

interface Flag {
  name: string
  /** What the value looks like in the help; a flag without one is a switch. */
  value?: string
  fallback: string | number
  text: string
  multiple?: boolean
  /** The option it sets, as `resolveConfig` names it in its errors. */
  option?: string
}

const FAULT = DEFAULTS.faults
const { max, windowSeconds } = DEFAULTS.ipRateLimit

const FLAGS: Flag[] = [
  {
    name: 'port',
    value: 'N',
    fallback: DEFAULTS.cliPort,
    option: 'port',
    text: 'port to listen on (0 = any free port)',
  },
  { name: 'host', value: 'HOST', fallback: DEFAULTS.host, text: 'interface to listen on' },
  {
    name: 'app-id',
    value: 'ID',
    fallback: DEFAULTS.appId,
    option: 'appId',
    multiple: true,
    text: 'app id; repeat for more apps',
  },
  {
    name: 'code-ttl',
    value: 'SECONDS',
    fallback: DEFAULTS.codeTtlSeconds,
    option: 'codeTtlSeconds',
    text: 'code lifetime',
  },
  {
    name: 'max-attempts',
    value: 'N',
    fallback: DEFAULTS.maxAttempts,
    option: 'maxAttempts',
    text: 'wrong tries per code',
  },
  {
    name: 'resend-cooldown',
    value: 'SECONDS',
    fallback: DEFAULTS.resendCooldownSeconds,
    option: 'resendCooldownSeconds',
    text: 'wait between sends to one identifier (0 = off)',
  },
  {
    name: 'ip-rate-limit',
    value: 'N/SECONDS',
    fallback: `${max}/${windowSeconds}`,
    option: 'ipRateLimit',
    text: 'requests per window per IP on /v1 (0 = off)',
  },
  {
    name: 'retry-after-format',
    value: 'FORMAT',
    fallback: DEFAULTS.retryAfterFormat,
    option: 'retryAfterFormat',
    text: 'Retry-After as seconds or http-date',
  },
  {
    name: 'auth-token-ttl',
    value: 'SECONDS',
    fallback: DEFAULTS.authTokenTtlSeconds,
    option: 'authTokenTtlSeconds',
    text: 'auth token (JWT) lifetime',
  },
  {
    name: 'refresh-token-ttl',
    value: 'SECONDS',
    fallback: DEFAULTS.refreshTokenTtlSeconds,
    option: 'refreshTokenTtlSeconds',
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
    multiple: true,
    text: 'seed a user, STATUS active|pending|inactive; repeatable',
  },
  {
    name: 'latency',
    value: 'MS',
    fallback: FAULT.latencyMs,
    option: 'faults.latencyMs',
    text: 'fault: delay every /v1 response',
  },
  {
    name: 'error-rate',
    value: '0..1',
    fallback: FAULT.errorRate,
    option: 'faults.errorRate',
    text: 'fault: answer --error-status',
  },
  {
    name: 'error-status',
    value: 'CODE',
    fallback: FAULT.errorStatus,
    option: 'faults.errorStatus',
    text: 'fault: 500, 502 or 503',
  },
  {
    name: 'malformed-json-rate',
    value: '0..1',
    fallback: FAULT.malformedJsonRate,
    option: 'faults.malformedJsonRate',
    text: 'fault: 200 with truncated JSON',
  },
  {
    name: 'drop-rate',
    value: '0..1',
    fallback: FAULT.dropRate,
    option: 'faults.dropRate',
    text: 'fault: drop the connection',
  },
  {
    name: 'rate-limit-rate',
    value: '0..1',
    fallback: FAULT.rateLimitRate,
    option: 'faults.rateLimitRate',
    text: 'fault: answer 429',
  },
  {
    name: 'fault-retry-after',
    value: 'SECONDS',
    fallback: FAULT.retryAfterSeconds,
    option: 'faults.retryAfterSeconds',
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

/** A repeatable flag's values; parseArgs gives a string[] for those, or nothing. */
const strings = (value: Values[string]): string[] => (value as string[] | undefined) ?? []

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
    // Stryker disable next-line ConditionalExpression: toOptions throws only FlagErrors; anything else is a bug to surface
    if (error instanceof FlagError) return { kind: 'error', message: error.message }
    throw error
  }
}

function toOptions(values: Values): DevServerOptions {
  // Only flags with a value are read here, and parseArgs gives those as strings.
  const text = (name: string) => values[name] as string | undefined
  // Numbers as typed (anything else is NaN); resolveConfig checks every value below.
  const number = (name: string) => {
    const raw = text(name)
    return raw === undefined ? undefined : raw.trim() === '' ? Number.NaN : Number(raw)
  }
  const appIds = strings(values['app-id'])
  const faults: Faults = {
    latencyMs: number('latency'),
    errorRate: number('error-rate'),
    errorStatus: number('error-status') as Faults['errorStatus'],
    malformedJsonRate: number('malformed-json-rate'),
    dropRate: number('drop-rate'),
    rateLimitRate: number('rate-limit-rate'),
    retryAfterSeconds: number('fault-retry-after'),
  }
  const options: DevServerOptions = defined({
    port: number('port') ?? DEFAULTS.cliPort,
    host: text('host'),
    appIds: appIds.length > 0 ? appIds : undefined,
    codeTtlSeconds: number('code-ttl'),
    maxAttempts: number('max-attempts'),
    resendCooldownSeconds: number('resend-cooldown'),
    ipRateLimit: ipRateLimit(text('ip-rate-limit')),
    retryAfterFormat: text('retry-after-format') as DevServerOptions['retryAfterFormat'],
    authTokenTtlSeconds: number('auth-token-ttl'),
    refreshTokenTtlSeconds: number('refresh-token-ttl'),
    redirectUrl: text('redirect-url'),
    users: seedUsers(strings(values.user)),
    faults: defined(faults),
  })
  try {
    return { ...options, faults: resolveConfig(options).faults }
  } catch (error) {
    throw error instanceof TypeError ? new FlagError(flagMessage(error.message, values)) : error
  }
}

/** `codeTtlSeconds: must be ...` becomes `--code-ttl "0": must be ...`. */
function flagMessage(message: string, values: Values): string {
  const option = message.slice(0, message.indexOf(':'))
  const flag = FLAGS.find((f) => option === f.option || option.startsWith(`${f.option}.`))
  // Stryker disable next-line ConditionalExpression: every option the CLI sets has a flag; kept for options added later
  if (flag === undefined) return message
  return `--${flag.name} ${JSON.stringify(values[flag.name])}${message.slice(option.length)}`
}

function defined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T
}

function ipRateLimit(raw: string | undefined): DevServerOptions['ipRateLimit'] {
  if (raw === undefined) return undefined
  if (raw.trim() === '0') return false
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim())
  if (!match) throw new FlagError(`--ip-rate-limit: ${JSON.stringify(raw)} is not N/SECONDS or 0`)
  const [max, windowSeconds] = [Number(match[1]), Number(match[2])]
  return max === 0 ? false : { max, windowSeconds }
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

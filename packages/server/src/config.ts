import * as v from 'valibot'
import type { AppRules } from './passage'
import { TEMPLATE_LANGUAGES } from './templates'

const seconds = (name: string, fallback: number, min = 1) =>
  v.optional(
    v.pipe(
      v.number(`${name}: must be a number of seconds.`),
      v.minValue(min, `${name}: must be at least ${min}.`),
    ),
    fallback,
  )

const App = v.object({
  id: v.pipe(
    v.string('id: must be a string.'),
    v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'id: must be 1-64 letters, digits, _ or -.'),
  ),
  allowedOrigins: v.array(
    v.string('allowedOrigins: each must be a string.'),
    'allowedOrigins: must be a list of origins.',
  ),
  redirectUrl: v.optional(v.string('redirectUrl: must be a string.'), '/'),
  codeTtlSeconds: seconds('codeTtlSeconds', 300),
  maxAttempts: v.optional(
    v.pipe(
      v.number(),
      v.integer('maxAttempts: must be an integer.'),
      v.minValue(1, 'maxAttempts: must be at least 1.'),
    ),
    5,
  ),
  resendCooldownSeconds: seconds('resendCooldownSeconds', 30, 0),
  authTokenTtlSeconds: seconds('authTokenTtlSeconds', 3600),
  refreshTokenTtlSeconds: seconds('refreshTokenTtlSeconds', 30 * 24 * 3600),
  defaultLanguage: v.optional(
    v.picklist(
      TEMPLATE_LANGUAGES,
      `defaultLanguage: must be one of ${TEMPLATE_LANGUAGES.join(', ')}.`,
    ),
    'en',
  ),
  /** Codes to email addresses go out over SMTP from this sender. */
  email: v.optional(
    v.object({ from: v.string('email.from: must be a string.'), appName: v.optional(v.string()) }),
  ),
  /** Codes to phone numbers go to this webhook. */
  sms: v.optional(
    v.object({ webhookUrl: v.pipe(v.string(), v.url('sms.webhookUrl: must be a URL.')) }),
  ),
})

export const ConfigFile = v.object({
  mode: v.optional(
    v.picklist(['production', 'development'], "mode: must be 'production' or 'development'."),
    'production',
  ),
  host: v.optional(v.string('host: must be a string.'), '0.0.0.0'),
  port: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(0),
      v.maxValue(65535, 'port: must be from 0 to 65535.'),
    ),
    8080,
  ),
  /** Origin for the JWT `iss`, e.g. https://auth.example.com; the request's origin when absent. */
  publicUrl: v.optional(v.pipe(v.string(), v.url('publicUrl: must be a URL.'))),
  store: v.optional(
    v.variant(
      'kind',
      [
        v.object({
          kind: v.literal('pglite'),
          dataDir: v.optional(v.string(), './passage-otp-data'),
        }),
        v.object({ kind: v.literal('postgres') }),
        v.object({ kind: v.literal('memory') }),
      ],
      "store.kind: must be 'pglite', 'postgres' or 'memory'.",
    ),
    { kind: 'pglite', dataDir: './passage-otp-data' },
  ),
  ipRateLimit: v.optional(
    v.union(
      [
        v.literal(false),
        v.object({
          max: v.pipe(v.number(), v.integer(), v.minValue(1)),
          windowSeconds: v.pipe(v.number(), v.minValue(1)),
        }),
      ],
      'ipRateLimit: must be false or { max, windowSeconds }.',
    ),
    { max: 120, windowSeconds: 60 },
  ),
  /** Take the client address from the last X-Forwarded-For entry (behind one proxy). */
  trustProxy: v.optional(v.boolean('trustProxy: must be true or false.'), false),
  retryAfterFormat: v.optional(v.picklist(['seconds', 'http-date']), 'seconds'),
  smtp: v.optional(
    v.object({
      host: v.string('smtp.host: must be a string.'),
      port: v.optional(v.pipe(v.number(), v.integer()), 587),
      secure: v.optional(v.boolean(), false),
      user: v.optional(v.string()),
    }),
  ),
  apps: v.pipe(v.array(App, 'apps: must be a list.'), v.minLength(1, 'apps: at least one app.')),
})

export type ConfigFileShape = v.InferOutput<typeof ConfigFile>
export type AppConfig = v.InferOutput<typeof App>

/** The secrets, only ever from the environment. */
export interface Secrets {
  /** PASSAGE_OTP_SECRET: keys the hashes of codes and refresh tokens. */
  hashSecret: Buffer
  /** PASSAGE_OTP_KEY_ENCRYPTION_KEY: 32 bytes (base64) that encrypt the signing keys. */
  keyEncryptionKey: Buffer
  databaseUrl: string | undefined
  smtpPassword: string | undefined
  smsWebhookSecret: string | undefined
}

export interface ServerConfig extends ConfigFileShape {
  secrets: Secrets
}

/** A configuration that cannot start, with every reason. */
export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/** Fixed values that let a development server restart without any secret set; never production. */
const DEVELOPMENT_SECRET = 'passage-otp development secret: not for production'

/**
 * Validates the parsed config file and reads the secrets from `env`. Production refuses a
 * wildcard origin, an app without a delivery method and missing secrets, naming each.
 */
export function loadConfig(input: unknown, env: Record<string, string | undefined>): ServerConfig {
  const parsed = v.safeParse(ConfigFile, input)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.issues.map((issue) => {
        const path = v.getDotPath(issue)
        return path && !issue.message.startsWith(path.split('.').pop() ?? '')
          ? `${path}: ${issue.message}`
          : issue.message
      }),
    )
  }
  const file = parsed.output
  const production = file.mode === 'production'
  const problems: string[] = []
  const ids = new Set<string>()
  for (const app of file.apps) {
    if (ids.has(app.id)) problems.push(`apps: id ${JSON.stringify(app.id)} appears twice.`)
    ids.add(app.id)
    if (production && app.allowedOrigins.some((origin) => origin.includes('*'))) {
      problems.push(`app ${app.id}: a wildcard origin is refused in production; list each origin.`)
    }
    if (production && app.email === undefined && app.sms === undefined) {
      problems.push(`app ${app.id}: no delivery method; configure email and/or sms.`)
    }
    if (app.email !== undefined && file.smtp === undefined) {
      problems.push(`app ${app.id}: email needs the smtp section.`)
    }
    if (production && app.sms !== undefined && !env.PASSAGE_OTP_SMS_WEBHOOK_SECRET) {
      problems.push(
        `app ${app.id}: sms needs the environment variable PASSAGE_OTP_SMS_WEBHOOK_SECRET.`,
      )
    }
  }
  const secret = (name: string, minBytes: number): Buffer => {
    const value = env[name]
    if (!value) {
      if (production)
        problems.push(`environment variable ${name} is missing (${minBytes} random bytes, base64).`)
      return Buffer.from(DEVELOPMENT_SECRET.padEnd(32, '.').slice(0, 32))
    }
    const bytes = Buffer.from(value, 'base64')
    if (bytes.length < minBytes)
      problems.push(`environment variable ${name}: must be at least ${minBytes} bytes, base64.`)
    return bytes
  }
  const hashSecret = secret('PASSAGE_OTP_SECRET', 32)
  const keyEncryptionKey = secret('PASSAGE_OTP_KEY_ENCRYPTION_KEY', 32).subarray(0, 32)
  if (file.store.kind === 'postgres' && !env.PASSAGE_OTP_DATABASE_URL) {
    problems.push('store postgres: the environment variable PASSAGE_OTP_DATABASE_URL is missing.')
  }
  if (production && file.store.kind === 'memory') {
    problems.push('store memory: loses everything at each restart; refused in production.')
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return {
    ...file,
    secrets: {
      hashSecret,
      keyEncryptionKey,
      databaseUrl: env.PASSAGE_OTP_DATABASE_URL,
      smtpPassword: env.PASSAGE_OTP_SMTP_PASSWORD,
      smsWebhookSecret:
        env.PASSAGE_OTP_SMS_WEBHOOK_SECRET ?? (production ? undefined : DEVELOPMENT_SECRET),
    },
  }
}

/** The rules of each app, from its configuration. */
export function appRules(app: AppConfig): AppRules {
  return {
    codeTtlMs: app.codeTtlSeconds * 1000,
    maxAttempts: app.maxAttempts,
    resendCooldownMs: app.resendCooldownSeconds * 1000,
    authTokenTtlSeconds: app.authTokenTtlSeconds,
    refreshTokenTtlMs: app.refreshTokenTtlSeconds * 1000,
    redirectUrl: app.redirectUrl,
  }
}

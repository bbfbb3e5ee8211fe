import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/index'
import { configFile, secretEnv } from './helpers'

const problemsOf = (input: unknown, env: Record<string, string | undefined>) => {
  try {
    loadConfig(input, env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('configuration', () => {
  it('accepts a complete production config and fills the defaults', () => {
    const config = loadConfig(configFile({ store: { kind: 'pglite' } }), secretEnv())
    expect(config.apps[0]).toMatchObject({
      codeTtlSeconds: 300,
      maxAttempts: 5,
      resendCooldownSeconds: 30,
      defaultLanguage: 'en',
    })
    expect(config.store).toEqual({ kind: 'pglite', dataDir: './passage-otp-data' })
  })

  it('names a field of the wrong type', () => {
    expect(problemsOf(configFile({}, { maxAttempts: 'five' }), secretEnv())).toEqual([
      'apps.0.maxAttempts: Invalid type: Expected number but received "five"',
    ])
  })

  it('refuses in production a wildcard origin, an app without delivery and missing secrets, naming each', () => {
    const input = configFile(
      { store: { kind: 'pglite' } },
      { allowedOrigins: ['*'], email: undefined, sms: undefined },
    )
    expect(problemsOf(input, {})).toEqual([
      'app demo: a wildcard origin is refused in production; list each origin.',
      'app demo: no delivery method; configure email and/or sms.',
      'environment variable PASSAGE_OTP_SECRET is missing (32 random bytes, base64).',
      'environment variable PASSAGE_OTP_KEY_ENCRYPTION_KEY is missing (32 random bytes, base64).',
    ])
  })

  it('needs the database URL for PostgreSQL and the webhook secret for SMS', () => {
    const env = secretEnv()
    delete (env as Record<string, string | undefined>).PASSAGE_OTP_SMS_WEBHOOK_SECRET
    expect(problemsOf(configFile({ store: { kind: 'postgres' } }), env)).toEqual([
      'app demo: sms needs the environment variable PASSAGE_OTP_SMS_WEBHOOK_SECRET.',
      'store postgres: the environment variable PASSAGE_OTP_DATABASE_URL is missing.',
    ])
  })

  it('allows in development what production refuses', () => {
    const input = configFile({ mode: 'development' }, { allowedOrigins: ['*'] })
    expect(loadConfig(input, {}).apps[0]?.allowedOrigins).toEqual(['*'])
  })
})

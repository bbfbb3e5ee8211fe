import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import pino from 'pino'
import { SMTPServer } from 'smtp-server'
import { type CodeMessage, loadConfig, type ServerConfig } from '../src/index'

export const ADA = 'ada@example.com'
export const ORIGIN = 'https://app.example.com'

/** Fresh secrets, as an operator would set them. */
export function secretEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PASSAGE_OTP_SECRET: randomBytes(32).toString('base64'),
    PASSAGE_OTP_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PASSAGE_OTP_SMS_WEBHOOK_SECRET: 'whsec-test',
    ...extra,
  }
}

/** A production config file with one app 'demo' mailing from SMTP on `smtpPort`. */
export function configFile(over: Record<string, unknown> = {}, app: Record<string, unknown> = {}) {
  return {
    mode: 'production',
    host: '127.0.0.1',
    port: 0,
    store: { kind: 'memory' },
    smtp: { host: '127.0.0.1', port: 2525 },
    apps: [
      {
        id: 'demo',
        allowedOrigins: [ORIGIN],
        redirectUrl: '/home',
        email: { from: 'login@example.com', appName: 'Demo' },
        sms: { webhookUrl: 'http://127.0.0.1:9/sms' },
        ...app,
      },
    ],
    ...over,
  }
}

/** A config for tests: the memory store is refused in production, so these run in development. */
export function testConfig(
  over: Record<string, unknown> = {},
  app: Record<string, unknown> = {},
): ServerConfig {
  return loadConfig(configFile({ mode: 'development', ...over }, app), secretEnv())
}

/** A delivery that keeps what it was given (tests read codes from it). */
export function capture() {
  const messages: CodeMessage[] = []
  return {
    messages,
    delivery: {
      async deliver(message: CodeMessage) {
        messages.push(message)
      },
    },
    codeOf: (otpId: string) => messages.find((m) => m.otpId === otpId)?.code ?? '',
  }
}

/** A pino logger writing into `lines`. */
export function memoryLogger() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    },
  })
  return { lines, logger: pino({ level: 'debug' }, stream) }
}

/** A real SMTP server on a free loopback port, keeping each message; `refuse` answers 550. */
export async function smtpCapture(refuse = false) {
  const mails: { to: string[]; raw: string }[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8')
      })
      stream.on('end', () => {
        if (refuse) {
          return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }))
        }
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

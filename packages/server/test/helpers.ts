import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
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

/**
 * A real SMTP server (the `smtp-server` package) in a process of its own on a free loopback
 * port, keeping each message it accepts; `refuse` makes it answer every message 550.
 */
export async function smtpCapture(refuse = false) {
  const mails: { to: string[]; raw: string }[] = []
  const sink = fileURLToPath(new URL('./fixtures/smtp-sink.mjs', import.meta.url))
  const child = spawn(process.execPath, [sink, ...(refuse ? ['--refuse'] : [])])
  const lines = createInterface({ input: child.stdout })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`smtp-sink exited ${code}`)))
    lines.on('line', (line) => {
      const parsed = JSON.parse(line) as { port?: number; to?: string[]; raw?: string }
      if (parsed.port !== undefined) resolve(parsed.port)
      else mails.push({ to: parsed.to ?? [], raw: parsed.raw ?? '' })
    })
  })
  child.removeAllListeners('exit')
  const consumed = new Map<string, number>()
  const to = (identifier: string) => mails.filter((mail) => mail.to.includes(identifier))
  return {
    port,
    mails,
    /** The newest message to `identifier` not read yet; waits for it (mail comes over a pipe). */
    async next(identifier: string): Promise<string> {
      const seen = consumed.get(identifier) ?? 0
      for (let i = 0; i < 500 && to(identifier).length <= seen; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      const all = to(identifier)
      if (all.length <= seen) throw new Error(`no mail to ${identifier}`)
      consumed.set(identifier, all.length)
      return all.at(-1)?.raw ?? ''
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { smtpCapture } from './helpers'
import { postgresUrl } from './postgres-url'

const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url))
const url = postgresUrl()
const MAX_ATTEMPTS = 5
const IP_LIMIT = 150

interface Instance {
  url: string
  child: ChildProcess
  output: string[]
}

/**
 * Two server processes on one PostgreSQL database: what must hold across instances holds, and
 * nothing is lost when both restart. Skipped only without PASSAGE_OTP_TEST_DATABASE_URL (CI
 * sets it; there its absence fails).
 */
describe.skipIf(url === undefined)('two instances on one PostgreSQL database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'passage-otp-instances-'))
  const configPath = join(dir, 'passage-otp.json')
  let smtp: Awaited<ReturnType<typeof smtpCapture>>
  let a: Instance
  let b: Instance
  const env = {
    ...process.env,
    PASSAGE_OTP_SECRET: randomBytes(32).toString('base64'),
    PASSAGE_OTP_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PASSAGE_OTP_DATABASE_URL: url,
  }
  // Every run counts its requests under an address of its own (the servers trust the proxy).
  const clientIp = `10.${randomBytes(3).join('.')}`
  const run = randomBytes(4).toString('hex')
  const ada = `ada-${run}@example.com`
  // An app of its own too: each run has its own key encryption key, so its own signing keys.
  const appId = `demo-${run}`
  let v1Requests = 0

  const start = (): Promise<Instance> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, '--config', configPath], { env })
      const output: string[] = []
      child.stderr.on('data', (chunk) => output.push(String(chunk)))
      child.stdout.on('data', (chunk) => {
        output.push(String(chunk))
        for (const line of String(chunk).split('\n')) {
          if (line.includes('"listening"')) resolve({ url: JSON.parse(line).url, child, output })
        }
      })
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${output.join('')}`)))
    })

  const stop = (instance: Instance) =>
    new Promise<number | null>((resolve) => {
      instance.child.removeAllListeners('exit')
      instance.child.on('exit', (code) => resolve(code))
      instance.child.kill('SIGTERM')
    })

  const api = async (instance: Instance, path: string, body?: unknown) => {
    v1Requests += 1
    const response = await fetch(`${instance.url}/v1/apps/${appId}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': clientIp },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, json: (await response.json()) as Record<string, never> }
  }

  const codeTo = async (identifier: string) =>
    /\b(\d{6})\b/.exec(await smtp.next(identifier))?.[1] ?? ''

  beforeAll(async () => {
    smtp = await smtpCapture()
    writeFileSync(
      configPath,
      JSON.stringify({
        mode: 'production',
        host: '127.0.0.1',
        port: 0,
        store: { kind: 'postgres' },
        trustProxy: true,
        ipRateLimit: { max: IP_LIMIT, windowSeconds: 3600 },
        smtp: { host: '127.0.0.1', port: smtp.port },
        apps: [
          {
            id: appId,
            allowedOrigins: ['https://app.example.com'],
            maxAttempts: MAX_ATTEMPTS,
            resendCooldownSeconds: 30,
            email: { from: 'login@example.com' },
          },
        ],
      }),
    )
    ;[a, b] = await Promise.all([start(), start()])
  })

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map(stop))
    await smtp.close()
    rmSync(dir, { recursive: true, force: true })
  })

  let refreshToken = ''
  let kid: string | undefined

  it('activates through one instance a code sent through the other', async () => {
    const sent = await api(a, '/register/otp', { identifier: ada })
    expect(sent.status).toBe(201)
    const activated = await api(b, '/otp/activate', {
      otp_id: sent.json.otp_id,
      otp: await codeTo(ada),
    })
    expect(activated.status, a.output.join('') + b.output.join('')).toBe(200)
    const result = activated.json.auth_result as unknown as Record<string, string>
    const jwks = createRemoteJWKSet(new URL(`${a.url}/v1/apps/${appId}/.well-known/jwks.json`))
    await jwtVerify(result.auth_token as string, jwks, { audience: appId })
    refreshToken = result.refresh_token as string
    kid = decodeProtectedHeader(result.auth_token as string).kid
  })

  it('holds the cooldown across instances', async () => {
    expect((await api(a, '/login/otp', { identifier: ada })).status).toBe(200)
    const again = await api(b, '/login/otp', { identifier: ada })
    expect(again.status).toBe(429)
  })

  it('accepts no more tries than the limit from 50 concurrent wrong codes over both', async () => {
    const bob = `bob-${run}@example.com`
    const otpId = (await api(b, '/register/otp', { identifier: bob })).json.otp_id
    const code = await codeTo(bob)
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api(i % 2 ? a : b, '/otp/activate', { otp_id: otpId, otp: wrong }),
      ),
    )
    const statuses = answers.map((answer) => answer.status)
    // Each of the first MAX_ATTEMPTS - 1 tries is an ordinary wrong code (400), the one that uses
    // the last try and every later one answer 401: exactly MAX_ATTEMPTS tries were compared.
    expect(statuses.filter((s) => s === 400)).toHaveLength(MAX_ATTEMPTS - 1)
    expect(statuses.filter((s) => s === 401)).toHaveLength(50 - (MAX_ATTEMPTS - 1))
    expect((await api(a, '/otp/activate', { otp_id: otpId, otp: code })).status).toBe(401)
  })

  it('rotates refresh tokens once across instances', async () => {
    const first = await api(a, '/tokens', { refresh_token: refreshToken })
    expect(first.status).toBe(201)
    expect((await api(b, '/tokens', { refresh_token: refreshToken })).status).toBe(401)
    refreshToken = (first.json.auth_result as unknown as Record<string, string>)
      .refresh_token as string
  })

  it('loses no user, code, refresh token or key when both restart', async () => {
    const carol = `carol-${run}@example.com`
    const pending = await api(a, '/register/otp', { identifier: carol })
    const code = await codeTo(carol)
    expect(await Promise.all([stop(a), stop(b)])).toEqual([0, 0])
    ;[a, b] = await Promise.all([start(), start()])

    expect((await api(b, '/otp/activate', { otp_id: pending.json.otp_id, otp: code })).status).toBe(
      200,
    )
    const refreshed = await api(a, '/tokens', { refresh_token: refreshToken })
    expect(refreshed.status).toBe(201)
    refreshToken = (refreshed.json.auth_result as unknown as Record<string, string>)
      .refresh_token as string
    const token = (refreshed.json.auth_result as unknown as Record<string, string>)
      .auth_token as string
    expect(decodeProtectedHeader(token).kid).toBe(kid)
    expect((await api(b, '/login/otp', { identifier: carol })).status).toBe(200)
  })

  it('rotates the signing key with the CLI; tokens signed before still verify', async () => {
    const before = await api(a, '/tokens', { refresh_token: refreshToken })
    refreshToken = (before.json.auth_result as unknown as Record<string, string>)
      .refresh_token as string
    const oldToken = (before.json.auth_result as unknown as Record<string, string>)
      .auth_token as string
    const rotate = spawn(
      process.execPath,
      [CLI, 'keys', 'rotate', '--app-id', appId, '--config', configPath],
      { env },
    )
    let printed = ''
    rotate.stdout.on('data', (chunk) => {
      printed += chunk
    })
    expect(await new Promise((resolve) => rotate.on('exit', resolve))).toBe(0)
    const newKid = /new signing key (\S+)/.exec(printed)?.[1]
    expect(newKid).toBeDefined()
    expect(newKid).not.toBe(kid)
    const after = await api(b, '/tokens', { refresh_token: refreshToken })
    refreshToken = (after.json.auth_result as unknown as Record<string, string>)
      .refresh_token as string
    const newToken = (after.json.auth_result as unknown as Record<string, string>)
      .auth_token as string
    expect(decodeProtectedHeader(newToken).kid).toBe(newKid)
    const jwks = createRemoteJWKSet(new URL(`${a.url}/v1/apps/${appId}/.well-known/jwks.json`))
    await jwtVerify(oldToken, jwks, { audience: appId })
    await jwtVerify(newToken, jwks, { audience: appId })
  })

  it('holds the per-IP limit across instances', async () => {
    const answers: number[] = []
    while (v1Requests < IP_LIMIT + 10) {
      answers.push(
        ...(
          await Promise.all([api(a, '/.well-known/jwks.json'), api(b, '/.well-known/jwks.json')])
        ).map((r) => r.status),
      )
    }
    const accepted = v1Requests - answers.filter((s) => s === 429).length
    expect(accepted).toBe(IP_LIMIT)
  })

  it('logs no code or token', () => {
    const logged = [...a.output, ...b.output].join('')
    expect(logged).toContain('"request"')
    expect(logged).not.toContain(refreshToken)
    for (const mail of smtp.mails) {
      expect(logged).not.toContain(/\b(\d{6})\b/.exec(mail.raw)?.[1] ?? 'none')
    }
  })
})

import { afterEach } from 'vitest'
import { createDevServer, type DevServer, type DevServerOptions } from '../src/index'

/** A clock the tests move by hand; starts at the real time. */
export class TestClock {
  ms = Date.now()
  readonly now = () => this.ms
  advance(seconds: number): void {
    this.ms += seconds * 1000
  }
}

export interface Harness {
  server: DevServer
  clock: TestClock
  lines: string[]
  /** JSON request to `baseURL + path`; `body` strings are sent as they are. */
  api(path: string, body?: unknown, init?: RequestInit): Promise<Response>
  /** Sends a code and returns the otp_id and the code from the outbox. */
  send(identifier: string, intent?: 'login' | 'register'): Promise<{ otpId: string; code: string }>
  activate(otpId: string, otp: string): Promise<Response>
  /** Signs a seeded user in and returns the auth result. */
  signIn(identifier: string): Promise<AuthResult>
}

export interface AuthResult {
  auth_token: string
  redirect_url: string
  refresh_token: string
  refresh_token_expiration: number
}

const open: DevServer[] = []

afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()))
})

export const ADA = 'ada@example.com'

/** Starts a server on a free port with a hand-moved clock, a captured log and Ada as a user. */
export async function start(options: DevServerOptions = {}): Promise<Harness> {
  const clock = new TestClock()
  const lines: string[] = []
  const server = await createDevServer({
    now: clock.now,
    logger: (line) => lines.push(line),
    users: [{ identifier: ADA }],
    ...options,
  })
  open.push(server)
  const api = (path: string, body?: unknown, init: RequestInit = {}) =>
    fetch(`${server.baseURL}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      ...init,
    })
  const activate = (otpId: string, otp: string) =>
    api(`/apps/${server.appId}/otp/activate`, { otp, otp_id: otpId })
  const send = async (identifier: string, intent: 'login' | 'register' = 'login') => {
    const response = await api(`/apps/${server.appId}/${intent}/otp`, { identifier })
    if (!response.ok) throw new Error(`send failed: ${response.status} ${await response.text()}`)
    const { otp_id: otpId } = (await response.json()) as { otp_id: string }
    const message = server.outbox.messages().find((m) => m.otpId === otpId)
    if (!message) throw new Error('no outbox message')
    return { otpId, code: message.code }
  }
  const signIn = async (identifier: string) => {
    const { otpId, code } = await send(identifier)
    const response = await activate(otpId, code)
    if (response.status !== 200) throw new Error(`activate failed: ${response.status}`)
    return ((await response.json()) as { auth_result: AuthResult }).auth_result
  }
  return { server, clock, lines, api, send, activate, signIn }
}

/** A wrong code that differs from `code` in every digit. */
export function wrongCode(code: string): string {
  return [...code].map((d) => String((Number(d) + 1) % 10)).join('')
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T
}

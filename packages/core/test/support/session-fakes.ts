import { vi } from 'vitest'
import type { AuthResult, PassageOtpClient } from '../../src/client'

/** A client for timing tests: tokens from the (fake) clock, every session call recorded. */
export function createFakeClient(lifetimeSeconds = 600) {
  let issued = 0
  const token = (lifetime: number) => {
    const iat = Math.floor(Date.now() / 1000)
    const payload = Buffer.from(
      JSON.stringify({ sub: 'u1', iat, exp: iat + lifetime, jti: String(issued) }),
    ).toString('base64url')
    return `e30.${payload}.`
  }
  const issue = (lifetime = lifetimeSeconds): AuthResult => {
    issued += 1
    return { authToken: token(lifetime), redirectUrl: '/', refreshToken: `r${issued}` }
  }
  const fake = {
    lifetime: lifetimeSeconds,
    issue,
    refreshSession: vi.fn(async (_refreshToken: string) => issue(fake.lifetime)),
    signOut: vi.fn(async (_refreshToken: string) => undefined),
  }
  const client = {
    appId: 'fake',
    baseURL: 'http://fake.test/v1',
    requestLoginOtp: () => Promise.reject(new Error('not used')),
    requestRegisterOtp: () => Promise.reject(new Error('not used')),
    activateOtp: () => Promise.reject(new Error('not used')),
    refreshSession: (token: string) => fake.refreshSession(token),
    signOut: (token: string) => fake.signOut(token),
  } satisfies PassageOtpClient
  return { fake, client }
}

export function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((settle) => {
    resolve = settle
  })
  return { promise, resolve }
}

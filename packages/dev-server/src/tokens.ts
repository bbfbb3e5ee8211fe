import { randomBytes } from 'node:crypto'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'

interface SigningKey {
  privateKey: CryptoKey
  publicJwk: JWK
  kid: string
}

export interface AuthTokenClaims {
  subject: string
  issuer: string
  audience: string
  nowMs: number
  ttlSeconds: number
}

/**
 * Generating an RSA key takes 50-300 ms, so each app id gets one RS256 key pair per process,
 * shared by every dev server in the process that serves it. Keys are created in the background
 * and never leave memory. Apps never share a key: a token of one app fails verification with
 * the JWKS of another.
 */
const appKeys = new Map<string, Promise<SigningKey>>()

function keyOf(appId: string): Promise<SigningKey> {
  let key = appKeys.get(appId)
  if (key === undefined) {
    key = createSigningKey()
    appKeys.set(appId, key)
  }
  return key
}

/** Signs auth tokens and serves the JWKS, with each app's own key. */
export class TokenSigner {
  readonly ready: Promise<void>

  constructor(appIds: readonly string[]) {
    this.ready = Promise.all(appIds.map(keyOf)).then(() => undefined)
    this.ready.catch(() => undefined)
  }

  async jwks(appId: string): Promise<{ keys: JWK[] }> {
    return { keys: [(await keyOf(appId)).publicJwk] }
  }

  /** Signs with the key of the app named by `claims.audience`. */
  async sign(claims: AuthTokenClaims): Promise<string> {
    const key = await keyOf(claims.audience)
    const iat = Math.floor(claims.nowMs / 1000)
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setSubject(claims.subject)
      .setIssuer(claims.issuer)
      .setAudience(claims.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + claims.ttlSeconds)
      .setJti(randomBytes(12).toString('base64url'))
      .sign(key.privateKey)
  }
}

async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 })
  const jwk = await exportJWK(publicKey)
  const kid = await calculateJwkThumbprint(jwk)
  return { privateKey, kid, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } }
}

interface RefreshRecord {
  appId: string
  userId: string
  expiresAt: number
}

/** Opaque refresh tokens (256 random bits); each is used once and then replaced. */
export class RefreshTokenStore {
  readonly #tokens = new Map<string, RefreshRecord>()
  readonly #ttlMs: number
  readonly #now: () => number

  constructor(ttlMs: number, now: () => number) {
    this.#ttlMs = ttlMs
    this.#now = now
  }

  issue(appId: string, userId: string): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url')
    const expiresAt = this.#now() + this.#ttlMs
    this.#tokens.set(token, { appId, userId, expiresAt })
    return { token, expiresAt }
  }

  /** Revokes the token and returns its owner if it was valid for this app. */
  consume(appId: string, token: string): RefreshRecord | undefined {
    const record = this.#tokens.get(token)
    if (record === undefined || record.appId !== appId) return undefined
    this.#tokens.delete(token)
    return this.#now() < record.expiresAt ? record : undefined
  }

  revoke(appId: string, token: string): void {
    if (this.#tokens.get(token)?.appId === appId) this.#tokens.delete(token)
  }

  sweep(): void {
    const now = this.#now()
    for (const [token, record] of this.#tokens) {
      if (now >= record.expiresAt) this.#tokens.delete(token)
    }
  }

  get size(): number {
    return this.#tokens.size
  }
}

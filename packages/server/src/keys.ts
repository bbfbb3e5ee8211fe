import { randomBytes } from 'node:crypto'
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  SignJWT,
} from 'jose'
import type { KeyCipher } from './secrets'
import type { KeyRecord, Store } from './store'

export interface AuthTokenClaims {
  subject: string
  issuer: string
  audience: string
  nowMs: number
  ttlSeconds: number
}

/** A fresh RS256 key pair as JWKs; the kid is the public key's thumbprint. */
export interface GeneratedKey {
  kid: string
  publicJwk: JWK
  privateJwk: JWK
}

export async function generateSigningKey(): Promise<GeneratedKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', {
    modulusLength: 2048,
    extractable: true,
  })
  const publicJwk = await exportJWK(publicKey)
  const kid = await calculateJwkThumbprint(publicJwk)
  return {
    kid,
    publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' },
    privateJwk: await exportJWK(privateKey),
  }
}

export interface KeyRingOptions {
  store: Store
  cipher: KeyCipher
  now: () => number
  /** How long a retired key stays in the JWKS: the longest auth token lifetime, in ms. */
  retiredKeyTtlMs: (appId: string) => number
  /** Makes key pairs; the dev server shares pregenerated ones between its instances. */
  generate?: (appId: string) => Promise<GeneratedKey>
}

/**
 * One signing key per app, kept in the store with its private half encrypted. The JWKS lists
 * the current key and the retired ones whose tokens may still be live. Every signature reads
 * which key is current, so a rotation by another instance or the CLI takes effect at once.
 */
export class KeyRing {
  readonly #options: KeyRingOptions
  readonly #privateKeys = new Map<string, Promise<CryptoKey>>()
  readonly #creating = new Map<string, Promise<void>>()

  constructor(options: KeyRingOptions) {
    this.#options = options
  }

  /** Creates the app's first key unless it has one. */
  async ensure(appId: string): Promise<KeyRecord> {
    const current = await this.#current(appId)
    if (current) return current
    let creating = this.#creating.get(appId)
    if (creating === undefined) {
      creating = this.#seal(appId).then((record) => this.#options.store.addFirstKey(record))
      this.#creating.set(appId, creating)
      creating.finally(() => this.#creating.delete(appId)).catch(() => undefined)
    }
    await creating
    const created = await this.#current(appId)
    if (!created) throw new Error(`signing key: app ${appId} has none after creating one`)
    return created
  }

  /** Creates the app's first key unless it has one, and proves it can be decrypted. */
  async check(appId: string): Promise<void> {
    const record = await this.ensure(appId)
    try {
      await this.#privateKey(record)
    } catch {
      this.#privateKeys.delete(`${appId}/${record.kid}`)
      throw new Error(
        `signing key of app ${appId}: cannot be decrypted; PASSAGE_OTP_KEY_ENCRYPTION_KEY is not the key it was stored with.`,
      )
    }
  }

  /** Retires the current key and makes a new one current; answers the new kid. */
  async rotate(appId: string): Promise<string> {
    const record = await this.#seal(appId)
    await this.#options.store.rotateKey(record)
    return record.kid
  }

  async jwks(appId: string): Promise<{ keys: JWK[] }> {
    await this.ensure(appId)
    const since = this.#options.now() - this.#options.retiredKeyTtlMs(appId)
    const keys = await this.#options.store.listKeys(appId)
    return {
      keys: keys
        .filter((key) => key.retiredAt === null || key.retiredAt > since)
        .map((key) => JSON.parse(key.publicJwk) as JWK),
    }
  }

  /** Signs with the current key of the app named by `claims.audience`. */
  async sign(claims: AuthTokenClaims): Promise<string> {
    const record = await this.ensure(claims.audience)
    const privateKey = await this.#privateKey(record)
    const iat = Math.floor(claims.nowMs / 1000)
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: record.kid, typ: 'JWT' })
      .setSubject(claims.subject)
      .setIssuer(claims.issuer)
      .setAudience(claims.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + claims.ttlSeconds)
      .setJti(randomBytes(12).toString('base64url'))
      .sign(privateKey)
  }

  async #current(appId: string): Promise<KeyRecord | undefined> {
    return (await this.#options.store.listKeys(appId)).find((key) => key.retiredAt === null)
  }

  async #seal(appId: string): Promise<KeyRecord> {
    const key = await (this.#options.generate ?? generateSigningKey)(appId)
    return {
      appId,
      kid: key.kid,
      publicJwk: JSON.stringify(key.publicJwk),
      privateJwk: this.#options.cipher.encrypt(
        JSON.stringify(key.privateJwk),
        `${appId}/${key.kid}`,
      ),
      createdAt: this.#options.now(),
      retiredAt: null,
    }
  }

  #privateKey(record: KeyRecord): Promise<CryptoKey> {
    const cacheKey = `${record.appId}/${record.kid}`
    let key = this.#privateKeys.get(cacheKey)
    if (key === undefined) {
      const sealed = record.privateJwk
      key = Promise.resolve()
        .then(() => JSON.parse(this.#options.cipher.decrypt(sealed, cacheKey)) as JWK)
        .then((jwk) => importJWK(jwk, 'RS256') as Promise<CryptoKey>)
      this.#privateKeys.set(cacheKey, key)
    }
    return key
  }
}

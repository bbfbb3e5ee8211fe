import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'

/**
 * Keyed hashes of codes and refresh tokens: a 6-digit code has too little entropy for a plain
 * hash, so whoever reads the database cannot try all million codes without the server secret.
 */
export class Hasher {
  readonly #secret: Buffer

  constructor(secret: Buffer) {
    this.#secret = secret
  }

  /** A code's hash, bound to its otp_id. */
  code(otpId: string, code: string): string {
    return this.#hash(`code\u0000${otpId}\u0000${code}`)
  }

  refreshToken(token: string): string {
    return this.#hash(`refresh\u0000${token}`)
  }

  #hash(text: string): string {
    return createHmac('sha256', this.#secret).update(text, 'utf8').digest('hex')
  }
}

/** Compares two hex hashes in constant time (hashes of one kind always have equal length). */
export function hashesMatch(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'hex')
  const b = Buffer.from(actual, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Encrypts signing keys at rest with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export class KeyCipher {
  readonly #key: Buffer

  /** `key` is 32 bytes. */
  constructor(key: Buffer) {
    if (key.length !== 32) throw new TypeError('the key encryption key must be 32 bytes')
    this.#key = key
  }

  encrypt(plain: string, context: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    cipher.setAAD(Buffer.from(context, 'utf8'))
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return ['v1', iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.')
  }

  /** Throws when the key is wrong or the text was changed. */
  decrypt(sealed: string, context: string): string {
    const [version, iv = '', tag = '', data = ''] = sealed.split('.')
    if (version !== 'v1') throw new Error('signing key: unknown encryption format')
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8')
  }
}

import { isFiniteNumber, isRecord } from './checks'

/**
 * The payload of an auth token, decoded but **not verified**: good for showing who is signed in
 * and when the token expires, never for trusting it. Backends verify the token's signature with
 * the app's JWKS (`/apps/{appId}/.well-known/jwks.json`).
 */
export interface JwtClaims {
  /** The user's id. */
  sub?: string
  /** Expiry, in seconds since 1970. */
  exp?: number
  /** Issue time, in seconds since 1970. */
  iat?: number
  nbf?: number
  iss?: string
  aud?: string | string[]
  jti?: string
  [claim: string]: unknown
}

/**
 * The claims of a JWT, or `null` when it is not one. Decodes only: it does **not** verify the
 * signature, which is the backend's job (with the JWKS).
 *
 * @example
 * ```ts
 * import { decodeJwtClaims } from '@passage-otp/core'
 *
 * declare const authToken: string
 * const claims = decodeJwtClaims(authToken)
 * console.log(claims?.sub, claims?.exp)
 * ```
 */
export function decodeJwtClaims(token: string): JwtClaims | null {
  const parts = typeof token === 'string' ? token.split('.') : []
  if (parts.length !== 3) return null
  const json = decodeBase64Url(parts[1] ?? '')
  if (json === null) return null
  let claims: unknown
  try {
    claims = JSON.parse(json)
  } catch {
    return null
  }
  if (!isRecord(claims)) return null
  const { exp, iat } = claims
  if (exp !== undefined && !isFiniteNumber(exp)) return null
  if (iat !== undefined && !isFiniteNumber(iat)) return null
  return claims as JwtClaims
}

const base64UrlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

// No atob/Buffer/TextDecoder: the same code runs in browsers, Node, workers and React Native.
function decodeBase64Url(input: string): string | null {
  const text = input.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
  if (text === '' || !/^[\w-]*$/.test(text) || text.length % 4 === 1) return null
  let bits = 0
  let value = 0
  let escaped = ''
  for (const char of text) {
    value = (value << 6) | base64UrlAlphabet.indexOf(char)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      escaped += `%${((value >> bits) & 0xff).toString(16).padStart(2, '0')}`
      value &= (1 << bits) - 1
    }
  }
  try {
    return decodeURIComponent(escaped)
  } catch {
    return null
  }
}

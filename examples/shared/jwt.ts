export type JwtClaims = Record<string, unknown>

/**
 * The payload of a JWT, decoded for display only: the signature is NOT checked, so never trust
 * these claims for access decisions (your backend verifies the token against the JWKS).
 */
export function decodeJwtClaims(token: string): JwtClaims | null {
  const payload = token.split('.')[1]
  if (!payload) return null
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/')
    const padded = base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')
    const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0))
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as JwtClaims)
      : null
  } catch {
    return null
  }
}

const TIME_CLAIMS = new Set(['iat', 'exp', 'nbf', 'auth_time'])

/** A claim as text; times (`iat`, `exp`, …) also as a readable date. */
export function formatClaim(name: string, value: unknown): string {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    return `${value} (${new Date(value * 1000).toLocaleString()})`
  }
  return typeof value === 'string' ? value : JSON.stringify(value)
}

import { randomInt } from 'node:crypto'
import type { Context } from 'hono'
import { apiError, invalidRequest, rateLimited } from './errors'
import type { PassageEnv } from './hono-env'
import { parseIdentifier } from './identifier'
import { type Passage, rulesOf } from './passage'
import { randomId } from './random-id'
import { hashesMatch } from './secrets'
import { authResult } from './sessions'
import type { OtpIntent } from './store'

/** A fresh 6-digit code from the cryptographic RNG. */
export function generateCode(): string {
  return String(randomInt(1_000_000)).padStart(6, '0')
}

/**
 * POST login/otp and register/otp: one live code per app and identifier (a new one supersedes
 * the old), at most one send per cooldown, and no code left behind when delivery fails.
 */
export async function sendCode(
  c: Context<PassageEnv>,
  passage: Passage,
  appId: string,
  intent: OtpIntent,
  body: { identifier: string; language?: string | undefined },
): Promise<Response> {
  const normalized = parseIdentifier(body.identifier)
  if (!normalized.ok) return invalidRequest(c, normalized.error)
  const { identifier, channel } = normalized
  const { store } = passage
  const rules = rulesOf(passage, appId)

  const user = await store.findUser(appId, identifier)
  if (intent === 'login' && (user === undefined || user.status === 'pending')) {
    return apiError(c, 404, 'user_not_found', 'user: not found.')
  }
  if (intent === 'register' && user !== undefined && user.status !== 'pending') {
    return invalidRequest(c, 'user: already exists.')
  }
  const now = passage.now()
  if (rules.resendCooldownMs > 0) {
    const until = await store.claimCooldown(appId, identifier, now, now + rules.resendCooldownMs)
    if (until > 0) {
      return rateLimited(c, until - now, now, passage.retryAfterFormat, 'code sent recently')
    }
  }

  const otpId = randomId()
  const code = generateCode()
  const expiresAt = now + rules.codeTtlMs
  await store.putCode({
    otpId,
    appId,
    identifier,
    intent,
    codeHash: passage.hasher.code(otpId, code),
    createdAt: now,
    expiresAt,
    attempts: 0,
  })
  const message = {
    appId,
    otpId,
    identifier,
    channel,
    intent,
    language: body.language?.trim().toLowerCase() || undefined,
    createdAt: now,
    expiresAt,
  }
  try {
    await passage.delivery.deliver({ ...message, code })
  } catch (error) {
    await store.takeCode(otpId)
    await store.releaseCooldown(appId, identifier)
    passage.onDeliveryError(error, message)
    return apiError(c, 503, 'delivery_failed', `could not send the code by ${channel}; try again.`)
  }
  return c.json({ otp_id: otpId }, intent === 'login' ? 200 : 201)
}

/**
 * POST otp/activate: each try is counted in the store before the code is compared, so no
 * number of concurrent tries gets more than `maxAttempts`; the right code works once.
 */
export async function activate(
  c: Context<PassageEnv>,
  passage: Passage,
  appId: string,
  body: { otp: string; otp_id: string },
): Promise<Response> {
  const { store } = passage
  const rules = rulesOf(passage, appId)
  const attempt = await store.reserveAttempt(appId, body.otp_id, rules.maxAttempts, passage.now())
  if (attempt.kind === 'missing') return invalidRequest(c, 'otp or otpId invalid.')
  const exceeded = () =>
    apiError(c, 401, 'exceeded_attempts', 'too many failed attempts; request a new code.')
  if (attempt.kind === 'exceeded') return exceeded()
  const { code } = attempt
  if (!hashesMatch(code.codeHash, passage.hasher.code(code.otpId, body.otp))) {
    return code.attempts >= rules.maxAttempts
      ? exceeded()
      : invalidRequest(c, 'otp or otpId invalid.')
  }
  if (!(await store.takeCode(code.otpId))) return invalidRequest(c, 'otp or otpId invalid.')
  // The cooldown stops repeated unused codes; this one was used, so the next send may go.
  await store.releaseCooldown(appId, code.identifier)

  const existing = await store.findUser(appId, code.identifier)
  const registers =
    code.intent === 'register' && (existing === undefined || existing.status === 'pending')
  const user = registers
    ? await store.saveUser(appId, code.identifier, 'active', randomId())
    : existing
  if (user === undefined || user.status !== 'active') {
    return apiError(c, 403, 'user_not_active', 'user: not active.')
  }
  return c.json({ auth_result: await authResult(c, passage, appId, user) })
}

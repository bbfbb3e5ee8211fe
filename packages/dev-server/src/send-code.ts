import type { Context } from 'hono'
import type { InferOutput } from 'valibot'
import type { SendCodeBody } from './bodies'
import { apiError, invalidRequest, rateLimited } from './errors'
import type { DevEnv } from './hono-env'
import { parseIdentifier } from './identifier'
import { resolveLanguage } from './languages'
import type { DevState } from './state'
import type { OtpEndpoint } from './types'

/** POST /v1/apps/:appId/login/otp and /register/otp, once the body passed `SendCodeBody`. */
export function sendCode(
  c: Context<DevEnv>,
  state: DevState,
  appId: string,
  intent: OtpEndpoint,
  body: InferOutput<typeof SendCodeBody>,
): Response {
  const normalized = parseIdentifier(body.identifier)
  if (!normalized.ok) return invalidRequest(c, normalized.error)
  const { identifier, channel } = normalized

  const user = state.users.get(appId, identifier)
  if (intent === 'login' && (user === undefined || user.status === 'pending')) {
    return apiError(c, 404, 'user_not_found', 'user: not found.')
  }
  if (intent === 'register' && user !== undefined && user.status !== 'pending') {
    return invalidRequest(c, 'user: already exists.')
  }
  const { config } = state
  const wait = state.codes.cooldownLeft(appId, identifier)
  if (wait > 0) {
    return rateLimited(c, wait, config.now(), config.retryAfterFormat, 'code sent recently')
  }

  const record = state.codes.issue(appId, identifier, intent)
  const language = resolveLanguage(body.language)
  state.outbox.add({
    id: `msg_${record.otpId}`,
    appId,
    otpId: record.otpId,
    identifier,
    channel,
    intent,
    code: record.code,
    language,
    createdAt: new Date(record.createdAt).toISOString(),
    expiresAt: new Date(record.expiresAt).toISOString(),
  })
  const app = config.appIds.length > 1 ? `app ${appId}, ` : ''
  const expires = new Date(record.expiresAt).toTimeString().slice(0, 8)
  config.log(
    `[passage-otp] ${channel} to ${identifier}: ${record.code} (${intent}, ${app}expires ${expires})`,
  )
  return c.json({ otp_id: record.otpId }, intent === 'login' ? 200 : 201)
}

export { ActivateBody, RefreshBody, SendCodeBody } from './bodies'
export {
  type AppConfig,
  appRules,
  ConfigError,
  loadConfig,
  type Secrets,
  type ServerConfig,
} from './config'
export { SIGNATURE_HEADER, type SmsWebhookPayload, signWebhook } from './delivery/sms-webhook'
export { apiError, invalidRequest, rateLimited, retryAfterHeader } from './errors'
export type { PassageEnv } from './hono-env'
export { closeGracefully, listen, urlHost } from './http-server'
export { type IdentifierResult, identifierFilter, parseIdentifier } from './identifier'
export { clientIp, ipRateLimit } from './ip-rate-limit'
export { jsonBody } from './json-body'
export { type AuthTokenClaims, type GeneratedKey, generateSigningKey, KeyRing } from './keys'
export { generateCode } from './otp'
export type { AppRules, Channel, CodeMessage, Delivery, Passage } from './passage'
export { randomId } from './random-id'
export { passageRoutes } from './routes/passage'
export { Hasher, hashesMatch, KeyCipher } from './secrets'
export { type RunningServer, startServer } from './serve'
export { createProductionApp, type ProductionApp, type ProductionOptions } from './server-app'
export type * from './store'
export { MemoryStore } from './stores/memory'
export { openPgliteStore } from './stores/pglite'
export { openPostgresStore } from './stores/postgres'
export { migrate, type SqlClient, SqlStore } from './stores/sql'
export { renderCodeMessage, TEMPLATE_LANGUAGES, templateLanguage } from './templates'

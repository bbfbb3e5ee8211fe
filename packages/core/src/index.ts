export {
  connectOtpAuth,
  createOtpAuthActor,
  createOtpAuthLogic,
  type OtpAuthActor,
  type OtpAuthClientOptions,
  type OtpAuthLogic,
  type OtpAuthLogicOptions,
  type OtpAuthOptions,
  toOtpAuthActorOptions,
} from './actor'
export { bindOtpAuth, type OtpAuthBindings, type OtpAuthState } from './bindings'
export {
  type ActivateOtpInput,
  type AuthResult,
  createPassageOtpClient,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  type OtpSent,
  type PassageOtpClient,
  type PassageOtpClientOptions,
  parseAuthResult,
  parseRetryAfter,
  type RequestOptions,
  type RequestOtpInput,
} from './client'
export {
  type CodeInputProps,
  DEFAULT_CODE_LENGTH,
  getCodeInputAttributes,
  getCodeInputProps,
  isValidCodeFormat,
  normalizeCode,
} from './code'
export {
  createOtpAuthCommands,
  type OtpAuthCommands,
  type OtpAuthCommandTarget,
  type SubmitIdentifierOptions,
} from './commands'
export {
  type CodeInputState,
  connectOtpAuthUi,
  defaultOtpAuthMessages,
  type OtpAuthAlertProps,
  type OtpAuthCodeInputProps,
  type OtpAuthHtmlUi,
  type OtpAuthIdentifierInputProps,
  type OtpAuthLiveMessage,
  type OtpAuthMessages,
  type OtpAuthOffer,
  type OtpAuthOffers,
  type OtpAuthScreen,
  type OtpAuthStatusProps,
  type OtpAuthUi,
  type OtpAuthUiOptions,
  type OtpAuthUiState,
  toHtmlUi,
} from './connect'
export { type CountdownStore, createCountdown } from './countdown'
export {
  createOtpAuthError,
  isOtpAuthError,
  isRetryableError,
  OtpAuthError,
  type OtpAuthErrorInit,
  type OtpAuthErrorKind,
  otpAuthErrorKinds,
  otpAuthErrorMessages,
  toOtpAuthError,
} from './errors'
export { type HtmlAttributes, toHtmlAttributes } from './html-attributes'
export {
  type IdentifierChannel,
  isValidIdentifier,
  type NormalizedIdentifier,
  normalizeIdentifier,
} from './identifier'
export { defaultOtpAuthSettings, type OtpAuthMachine, otpAuthMachine } from './machine'
export {
  createFlowPersistence,
  DEFAULT_PERSIST_KEY,
  type FlowPersistence,
  type OtpAuthStorage,
  type PersistOptions,
  parseSavedOtpFlow,
  persistOtpAuth,
  toSavedOtpFlow,
} from './persistence'
export {
  REDACTED,
  type RedactOptions,
  redactInspectionEvent,
  redactInspector,
} from './redact'
export {
  isSameView,
  type OtpAuthSnapshot,
  type OtpAuthStep,
  type OtpAuthView,
  secondsUntil,
  selectAttemptsRemaining,
  selectCanResend,
  selectCanRetry,
  selectError,
  selectIsBusy,
  selectIsCodeExpired,
  selectIsLocked,
  selectOtpAuthView,
  selectResendDeadline,
  selectResendError,
  selectRetryDeadline,
  selectSecondsUntilResend,
  selectSecondsUntilRetry,
  selectStep,
} from './selectors'
export {
  type AuthenticatedEventSource,
  type BroadcastChannelLike,
  connectSession,
  createSession,
  DEFAULT_REFRESH_BEFORE_EXPIRY_MS,
  decodeJwtClaims,
  isInvalidRefreshToken,
  type JwtClaims,
  type LockManagerLike,
  type Session,
  type SessionMessage,
  type SessionOptions,
  type SessionSnapshot,
  type SessionStatus,
  toSessionSnapshot,
} from './session'
export {
  type CurrentSession,
  type RefreshOutcome,
  type SessionContext,
  type SessionEvent,
  type SessionMachine,
  type SessionMachineInput,
  sessionMachine,
} from './session-machine'
export { createMemoryStorage, getWebStorage, type KeyValueStorage } from './storage'
export {
  createAsyncStorageTokenStore,
  createMemoryTokenStore,
  createStorageTokenStore,
  createWebStorageTokenStore,
  DEFAULT_TOKEN_STORE_KEY,
  type TokenStore,
  type TokenStoreOptions,
  toAuthResult,
} from './token-store'
export type {
  OtpAuthContext,
  OtpAuthEmitted,
  OtpAuthEvent,
  OtpAuthInput,
  OtpAuthSettings,
  OtpEndpoint,
  OtpFailedStep,
  OtpIntent,
  SavedOtpFlow,
  SmsCodeRead,
} from './types'
export type { WarningHandler } from './warn'
export { createWebOtpReader, getWebOtpCredentials, type WebOtpReader } from './web-otp'

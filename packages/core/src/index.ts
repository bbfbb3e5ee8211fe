export {
  createOtpAuthActor,
  createOtpAuthLogic,
  type OtpAuthActor,
  type OtpAuthClientOptions,
  type OtpAuthLogic,
  type OtpAuthOptions,
} from './actor'
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
  getCodeInputProps,
  isValidCodeFormat,
  normalizeCode,
} from './code'
export {
  createOtpAuthCommands,
  type OtpAuthCommands,
  type SubmitIdentifierOptions,
} from './commands'
export { type CountdownStore, createCountdown } from './countdown'
export {
  createOtpAuthError,
  isOtpAuthError,
  OtpAuthError,
  type OtpAuthErrorInit,
  type OtpAuthErrorKind,
  otpAuthErrorKinds,
  otpAuthErrorMessages,
  toOtpAuthError,
} from './errors'
export {
  type IdentifierChannel,
  isValidIdentifier,
  type NormalizedIdentifier,
  normalizeIdentifier,
} from './identifier'
export {
  defaultOtpAuthSettings,
  type OtpAuthContext,
  type OtpAuthEmitted,
  type OtpAuthEvent,
  type OtpAuthInput,
  type OtpAuthMachine,
  type OtpAuthSettings,
  type OtpEndpoint,
  type OtpFailedStep,
  type OtpIntent,
  otpAuthMachine,
} from './machine'
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
  selectRetryDeadline,
  selectSecondsUntilResend,
  selectSecondsUntilRetry,
  selectStep,
} from './selectors'

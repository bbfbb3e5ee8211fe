/**
 * The framework-free core: the `otpAuthMachine`, the Passage OTP client, typed errors,
 * selectors, countdowns, persistence and inspector redaction.
 *
 * @module @passage-otp/core
 */
export * from '../../packages/core/src/index'

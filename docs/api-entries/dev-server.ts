/**
 * A Passage-compatible OTP API on localhost for development and tests.
 *
 * @module @passage-otp/dev-server
 */
export * from '../../packages/dev-server/src/index'

/**
 * React hooks over `@xstate/react`: `useOtpAuth`, `OtpAuthProvider`, `useOtpAuthContext`.
 *
 * @module @passage-otp/react
 */
export * from '../../packages/react/src/index'

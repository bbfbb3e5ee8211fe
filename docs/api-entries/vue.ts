/**
 * Vue composables over `@xstate/vue`: `useOtpAuth`, `provideOtpAuth`, `injectOtpAuth`.
 *
 * @module @passage-otp/vue
 */
export * from '../../packages/vue/src/index'

export {
  injectOtpAuth,
  type OtpAuthActorRef,
  type OtpAuthViewRefs,
  otpAuthKey,
  provideOtpAuth,
  type UseOtpAuthOptions,
  type UseOtpAuthReturn,
  useOtpAuth,
  useOtpAuthActor,
} from './useOtpAuth'

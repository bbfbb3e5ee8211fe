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
export { type SessionRefs, type UseSessionReturn, useSession } from './useSession'

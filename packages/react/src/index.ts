export { OtpAuthProvider, type OtpAuthProviderProps, useOtpAuthContext } from './OtpAuthProvider'
export {
  type OtpAuthActorRef,
  type UseOtpAuthOptions,
  type UseOtpAuthResult,
  useOtpAuth,
  useOtpAuthActor,
  useOtpAuthActorRef,
} from './useOtpAuth'
export { type UseSessionResult, useSession } from './useSession'

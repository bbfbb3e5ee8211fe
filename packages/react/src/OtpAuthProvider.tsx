import { createContext, type ReactNode, useContext } from 'react'
import {
  type OtpAuthActorRef,
  type UseOtpAuthOptions,
  type UseOtpAuthResult,
  useOtpAuthActor,
  useOtpAuthActorRef,
} from './useOtpAuth'

const OtpAuthContext = createContext<OtpAuthActorRef | null>(null)

export interface OtpAuthProviderProps {
  options: UseOtpAuthOptions
  children?: ReactNode
}

/** Runs one OTP flow and shares it with every `useOtpAuthContext()` below. */
export function OtpAuthProvider({ options, children }: OtpAuthProviderProps) {
  const actorRef = useOtpAuthActorRef(options)
  return <OtpAuthContext.Provider value={actorRef}>{children}</OtpAuthContext.Provider>
}

/** The flow of the nearest `OtpAuthProvider`; each caller re-renders only for what changed. */
export function useOtpAuthContext(): UseOtpAuthResult {
  const actorRef = useContext(OtpAuthContext)
  if (!actorRef) throw new Error('useOtpAuthContext() must be used inside an <OtpAuthProvider>.')
  return useOtpAuthActor(actorRef)
}

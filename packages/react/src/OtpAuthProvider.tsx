import { createContext, type ReactNode, useContext } from 'react'
import {
  type BoundFlow,
  type UseOtpAuthOptions,
  type UseOtpAuthResult,
  useBindOtpAuth,
  useBoundFlow,
  useOtpAuthActorRef,
} from './useOtpAuth'

const OtpAuthContext = createContext<BoundFlow | null>(null)

export interface OtpAuthProviderProps {
  options: UseOtpAuthOptions
  children?: ReactNode
}

/**
 * Runs one OTP flow and shares it with every `useOtpAuthContext()` below.
 *
 * @example
 * ```tsx
 * import { OtpAuthProvider, useOtpAuthContext } from '@passage-otp/react'
 *
 * export function App() {
 *   return (
 *     <OtpAuthProvider options={{ appId: 'demo', baseURL: 'http://127.0.0.1:8787/v1' }}>
 *       <Header />
 *     </OtpAuthProvider>
 *   )
 * }
 *
 * function Header() {
 *   const { step, identifier } = useOtpAuthContext()
 *   return <header>{step === 'authenticated' ? identifier : 'Welcome'}</header>
 * }
 * ```
 */
export function OtpAuthProvider({ options, children }: OtpAuthProviderProps) {
  const flow = useBindOtpAuth(useOtpAuthActorRef(options), options)
  return <OtpAuthContext.Provider value={flow}>{children}</OtpAuthContext.Provider>
}

/**
 * The flow of the nearest `OtpAuthProvider`; each caller re-renders only for what changed.
 *
 * @example
 * ```tsx
 * import { useOtpAuthContext } from '@passage-otp/react'
 *
 * // Inside an <OtpAuthProvider>:
 * export function ResendButton() {
 *   const { ui, resend } = useOtpAuthContext()
 *   if (!ui.offers.resend.shown) return null
 *   return (
 *     <button type="button" onClick={resend} disabled={!ui.offers.resend.enabled}>
 *       Send a new code
 *     </button>
 *   )
 * }
 * ```
 */
export function useOtpAuthContext(): UseOtpAuthResult {
  const flow = useContext(OtpAuthContext)
  if (!flow) throw new Error('useOtpAuthContext() must be used inside an <OtpAuthProvider>.')
  return useBoundFlow(flow)
}

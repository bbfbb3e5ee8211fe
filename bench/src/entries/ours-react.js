// Ours with the React adapter; `react` itself is external (every React app has it already).
import { useOtpAuth } from '@passage-otp/react'

export function useLogin() {
  const { step, error, submitIdentifier, submitCode } = useOtpAuth({
    appId: 'app_id',
    baseURL: 'https://auth.example.com/v1',
  })
  return {
    step,
    error,
    start: (identifier) => submitIdentifier(identifier, { intent: 'auto' }),
    verify: (code) => submitCode(code),
  }
}

// Ours with the Vue adapter; `vue` itself is external (every Vue app has it already).
import { useOtpAuth } from '@passage-otp/vue'

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

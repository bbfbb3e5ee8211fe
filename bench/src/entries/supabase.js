// @supabase/auth-js: `signInWithOtp` then `verifyOtp`.
import { AuthClient } from '@supabase/auth-js'

const auth = new AuthClient({ url: 'https://project.supabase.co/auth/v1' })

export function start(email) {
  return auth.signInWithOtp({ email })
}

export function verify(email, token) {
  return auth.verifyOtp({ email, token, type: 'email' })
}

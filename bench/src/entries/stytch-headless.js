// @stytch/vanilla-js/headless: `otps.email.loginOrCreate` then `otps.authenticate`.
import { StytchClient } from '@stytch/vanilla-js/headless'

const stytch = new StytchClient('public-token-test-00000000-0000-0000-0000-000000000000')

export function start(email) {
  return stytch.otps.email.loginOrCreate(email, { expiration_minutes: 5 })
}

export function verify(code, methodId) {
  return stytch.otps.authenticate(code, methodId, { session_duration_minutes: 60 })
}

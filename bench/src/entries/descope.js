// @descope/web-js-sdk: `otp.signUpOrIn.email` then `otp.verify.email`.
import descopeSdk from '@descope/web-js-sdk'

const sdk = descopeSdk({ projectId: 'project_id', persistTokens: true })

export function start(loginId) {
  return sdk.otp.signUpOrIn.email(loginId)
}

export function verify(loginId, code) {
  return sdk.otp.verify.email(loginId, code)
}

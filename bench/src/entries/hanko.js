// @teamhanko/hanko-frontend-sdk: the login flow of its FlowAPI, identifier then passcode.
import { Hanko } from '@teamhanko/hanko-frontend-sdk'

const hanko = new Hanko('https://hanko.example.com')

export async function start(email) {
  const state = await hanko.createState('login')
  if (state.name !== 'login_init') return state
  return state.actions.continue_with_login_identifier.run({ email })
}

export function verify(state, code) {
  if (state.name !== 'passcode_confirmation') return state
  return state.actions.verify_passcode.run({ code })
}

// @passageidentity/passage-js: `oneTimePasscode.login` (or `register`) then `activate`.
import { Passage } from '@passageidentity/passage-js'

const passage = new Passage('app_id')

export async function start(identifier) {
  try {
    return await passage.oneTimePasscode.login(identifier)
  } catch {
    return await passage.oneTimePasscode.register(identifier)
  }
}

export function verify(code, otpId) {
  return passage.oneTimePasscode.activate(code, otpId)
}

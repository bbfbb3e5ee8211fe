// Ours, core only: the flow's actor (machine + Passage client + xstate + ofetch).
import { createOtpAuthActor } from '@passage-otp/core'

const actor = createOtpAuthActor({ appId: 'app_id', baseURL: 'https://auth.example.com/v1' })
actor.start()

export function start(identifier) {
  actor.send({ type: 'identifier.submit', identifier, intent: 'auto' })
}

export function verify(code) {
  actor.send({ type: 'code.submit', code })
}

export function subscribe(listener) {
  return actor.subscribe(listener)
}

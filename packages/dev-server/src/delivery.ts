import type { Delivery } from '@passage-otp/server'
import type { ResolvedConfig } from './config'
import { resolveLanguage } from './languages'
import type { Outbox } from './outbox'

/** The dev preset's delivery: every code into the outbox (and the inbox page) and the log. */
export function outboxDelivery(outbox: Outbox, config: ResolvedConfig): Delivery {
  return {
    async deliver(message) {
      const { otpId, identifier, channel, intent, code, appId } = message
      outbox.add({
        id: `msg_${otpId}`,
        appId,
        otpId,
        identifier,
        channel,
        intent,
        code,
        language: resolveLanguage(message.language),
        createdAt: new Date(message.createdAt).toISOString(),
        expiresAt: new Date(message.expiresAt).toISOString(),
      })
      const app = config.appIds.length > 1 ? `app ${appId}, ` : ''
      const expires = new Date(message.expiresAt).toTimeString().slice(0, 8)
      config.log(
        `[passage-otp] ${channel} to ${identifier}: ${code} (${intent}, ${app}expires ${expires})`,
      )
    },
  }
}

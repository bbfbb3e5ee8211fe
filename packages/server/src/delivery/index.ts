import type { AppConfig, ServerConfig } from '../config'
import type { Delivery } from '../passage'
import { renderCodeMessage, templateLanguage } from '../templates'
import { postSmsWebhook } from './sms-webhook'
import { smtpMailer } from './smtp'

/** Email over SMTP and SMS through the signed webhook, as each app configures them. */
export function configuredDelivery(config: ServerConfig): Delivery & { close(): void } {
  const apps = new Map<string, AppConfig>(config.apps.map((app) => [app.id, app]))
  const mailer =
    config.smtp && smtpMailer({ ...config.smtp, password: config.secrets.smtpPassword })
  return {
    async deliver(message) {
      const app = apps.get(message.appId)
      if (app === undefined) throw new Error(`unknown app ${message.appId}`)
      const language = templateLanguage(message.language, app.defaultLanguage)
      const rendered = renderCodeMessage(language, {
        appName: app.email?.appName ?? app.id,
        code: message.code,
        ttlMs: message.expiresAt - message.createdAt,
      })
      const configured = message.channel === 'email' ? app.email : app.sms
      if (configured === undefined && config.mode === 'development') {
        // Development only: a channel without delivery prints the code (production refuses this).
        process.stderr.write(
          `[passage-otp] development: ${message.channel} to ${message.identifier}: ${message.code}\n`,
        )
        return
      }
      if (message.channel === 'email') {
        if (app.email === undefined || mailer === undefined)
          throw new Error(`app ${app.id}: no email delivery`)
        await mailer.send({ from: app.email.from, to: message.identifier, ...rendered })
        return
      }
      const secret = config.secrets.smsWebhookSecret
      if (app.sms === undefined || secret === undefined)
        throw new Error(`app ${app.id}: no sms delivery`)
      await postSmsWebhook(
        app.sms.webhookUrl,
        secret,
        {
          type: 'otp.sms',
          appId: app.id,
          to: message.identifier,
          text: rendered.short,
          code: message.code,
          language,
          expiresAt: new Date(message.expiresAt).toISOString(),
        },
        message.createdAt,
      )
    },
    close: () => mailer?.close(),
  }
}

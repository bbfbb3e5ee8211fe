import type { Transporter } from 'nodemailer'

export interface SmtpSettings {
  host: string
  port: number
  secure: boolean
  user?: string | undefined
  password?: string | undefined
}

export interface Mail {
  from: string
  to: string
  subject: string
  text: string
  html: string
}

/** Sends mail over SMTP; throws when the server refuses or cannot be reached. */
export function smtpMailer(settings: SmtpSettings): {
  send(mail: Mail): Promise<void>
  close(): void
} {
  // nodemailer is loaded with the first mail: the dev server never pays for it.
  let transport: Promise<Transporter> | undefined
  const connect = async () => {
    const { default: nodemailer } = await import('nodemailer')
    return nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    })
  }
  return {
    async send(mail) {
      transport ??= connect()
      await (await transport).sendMail(mail)
    },
    close: () => {
      transport?.then((t) => t.close()).catch(() => undefined)
    },
  }
}

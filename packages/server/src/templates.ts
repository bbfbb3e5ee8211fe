/** The languages the code messages are written in. */
export const TEMPLATE_LANGUAGES = ['en', 'de', 'fr', 'es'] as const
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number]

interface Wording {
  subject: (app: string) => string
  intro: (app: string) => string
  expires: (minutes: number) => string
  ignore: string
}

const WORDING: Record<TemplateLanguage, Wording> = {
  en: {
    subject: (app) => `Your ${app} code`,
    intro: (app) => `Your one-time code for ${app} is:`,
    expires: (m) => `It expires in ${m} minute${m === 1 ? '' : 's'}.`,
    ignore: 'If you did not ask for it, you can ignore this message.',
  },
  de: {
    subject: (app) => `Ihr Code für ${app}`,
    intro: (app) => `Ihr Einmalcode für ${app} lautet:`,
    expires: (m) => `Er läuft in ${m} Minute${m === 1 ? '' : 'n'} ab.`,
    ignore: 'Wenn Sie ihn nicht angefordert haben, können Sie diese Nachricht ignorieren.',
  },
  fr: {
    subject: (app) => `Votre code ${app}`,
    intro: (app) => `Votre code à usage unique pour ${app} est :`,
    expires: (m) => `Il expire dans ${m} minute${m === 1 ? '' : 's'}.`,
    ignore: 'Si vous ne l’avez pas demandé, ignorez ce message.',
  },
  es: {
    subject: (app) => `Tu código de ${app}`,
    intro: (app) => `Tu código de un solo uso para ${app} es:`,
    expires: (m) => `Caduca en ${m} minuto${m === 1 ? '' : 's'}.`,
    ignore: 'Si no lo has pedido, puedes ignorar este mensaje.',
  },
}

/** The requested language when there is a template for it, else the app's default. */
export function templateLanguage(
  requested: string | undefined,
  fallback: TemplateLanguage,
): TemplateLanguage {
  const base = requested?.split(/[-_]/)[0]
  return TEMPLATE_LANGUAGES.find((language) => language === base) ?? fallback
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

export interface RenderedMessage {
  subject: string
  text: string
  html: string
  /** One line for SMS. */
  short: string
}

/** A code message in `language`: plain text, HTML and a one-line SMS text. */
export function renderCodeMessage(
  language: TemplateLanguage,
  input: { appName: string; code: string; ttlMs: number },
): RenderedMessage {
  const words = WORDING[language]
  const minutes = Math.max(1, Math.round(input.ttlMs / 60_000))
  const intro = words.intro(input.appName)
  const expires = words.expires(minutes)
  return {
    subject: words.subject(input.appName),
    text: `${intro}\n\n${input.code}\n\n${expires}\n${words.ignore}\n`,
    html: [
      `<!doctype html><html lang="${language}"><body style="font-family:sans-serif">`,
      `<p>${escapeHtml(intro)}</p>`,
      `<p style="font-size:28px;font-weight:bold;letter-spacing:4px">${input.code}</p>`,
      `<p>${escapeHtml(expires)}</p><p style="color:#555">${escapeHtml(words.ignore)}</p>`,
      '</body></html>',
    ].join(''),
    short: `${intro} ${input.code}. ${expires}`,
  }
}

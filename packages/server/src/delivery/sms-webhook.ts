import { createHmac } from 'node:crypto'

/** The JSON body POSTed to the SMS webhook. */
export interface SmsWebhookPayload {
  /** 'otp.sms' */
  type: 'otp.sms'
  appId: string
  /** E.164 phone number. */
  to: string
  /** The message to send, in the user's language. */
  text: string
  code: string
  language: string
  /** ISO 8601 */
  expiresAt: string
}

export const SIGNATURE_HEADER = 'x-passage-otp-signature'

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the webhook secret>`: the
 * receiver recomputes it over the raw body, compares in constant time and refuses old `t`.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')
  return `t=${unixSeconds},v1=${mac}`
}

/** POSTs the payload, signed; throws unless the webhook answers 2xx within 10 s. */
export async function postSmsWebhook(
  url: string,
  secret: string,
  payload: SmsWebhookPayload,
  nowMs: number,
): Promise<void> {
  const body = JSON.stringify(payload)
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(nowMs / 1000)),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  })
  await response.body?.cancel()
  if (!response.ok) throw new Error(`sms webhook answered ${response.status}`)
}

import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createProductionApp, MemoryStore, type ProductionApp } from '../src/index'
import { ADA, memoryLogger, smtpCapture, testConfig } from './helpers'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

async function smtp(refuse = false) {
  const server = await smtpCapture(refuse)
  closers.push(server.close)
  return server
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function app(smtpPort: number, webhookUrl = 'http://127.0.0.1:9/sms') {
  const store = new MemoryStore()
  await store.saveUser('demo', ADA, 'active', 'u1')
  await store.saveUser('demo', '+4915123456789', 'active', 'u2')
  const log = memoryLogger()
  const production: ProductionApp = await createProductionApp(
    testConfig({ smtp: { host: '127.0.0.1', port: smtpPort } }, { sms: { webhookUrl } }),
    { store, logger: log.logger },
  )
  closers.push(() => production.close())
  const send = (identifier: string, language?: string) =>
    production.app.request('http://auth.test/v1/apps/demo/login/otp', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier, language }),
    })
  return { production, store, send, log }
}

/** The message text with quoted-printable undone (UTF-8). */
const decoded = (raw: string) =>
  Buffer.from(
    raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      ),
    'latin1',
  ).toString('utf8')

describe('email over SMTP', () => {
  it('sends plain text and HTML in the asked language', async () => {
    const server = await smtp()
    const { send } = await app(server.port)
    expect((await send(ADA, 'de')).status).toBe(200)
    const raw = await server.next(ADA)
    expect(server.mails.map((mail) => mail.to)).toEqual([[ADA]])
    expect(raw).toContain('text/plain')
    expect(raw).toContain('text/html')
    expect(decoded(raw)).toMatch(/Ihr Einmalcode für Demo lautet:\s+\d{6}/)
  })

  it('falls back to the app default language', async () => {
    const server = await smtp()
    const { send, production } = await app(server.port)
    const rules = production.passage.apps.get('demo')
    if (rules) rules.resendCooldownMs = 0
    for (const [language, words] of [
      ['fr', 'Votre code à usage unique pour Demo est'],
      ['es', 'Tu código de un solo uso para Demo es'],
      ['xx', 'Your one-time code for Demo is'],
    ] as const) {
      expect((await send(ADA, language)).status).toBe(200)
      expect(decoded(await server.next(ADA))).toContain(words)
    }
  })

  it('answers 503 and keeps no code when the SMTP server refuses', async () => {
    const server = await smtp(true)
    const { send, store } = await app(server.port)
    const response = await send(ADA)
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ code: 'delivery_failed' })
    expect((await store.counts()).codes).toBe(0)
  })

  it('answers 503 and keeps no code when the SMTP server is down', async () => {
    const { send, store } = await app(await closedPort())
    const response = await send(ADA)
    expect(response.status).toBe(503)
    expect((await store.counts()).codes).toBe(0)
  })
})

describe('SMS through the webhook', () => {
  async function webhook(status: number) {
    const calls: { body: string; signature: string }[] = []
    const server: Server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk) => {
        body += chunk
      })
      request.on('end', () => {
        calls.push({ body, signature: String(request.headers['x-passage-otp-signature']) })
        response.writeHead(status).end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise((resolve) => server.close(() => resolve())))
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, calls }
  }

  it('POSTs the documented JSON, signed with HMAC-SHA256 of "<t>.<body>"', async () => {
    const hook = await webhook(204)
    const { send } = await app(2525, hook.url)
    expect((await send('+49 151 23456789', 'es')).status).toBe(200)
    const [call] = hook.calls
    const payload = JSON.parse(call?.body ?? '{}')
    expect(payload).toMatchObject({
      type: 'otp.sms',
      appId: 'demo',
      to: '+4915123456789',
      language: 'es',
    })
    expect(payload.text).toContain(payload.code)
    const [t, v1] = (call?.signature ?? '').split(',').map((part) => part.split('=')[1])
    expect(v1).toBe(createHmac('sha256', 'whsec-test').update(`${t}.${call?.body}`).digest('hex'))
  })

  it('answers 503 and keeps no code when the webhook fails', async () => {
    const hook = await webhook(500)
    const { send, store } = await app(2525, hook.url)
    expect((await send('+4915123456789')).status).toBe(503)
    expect((await store.counts()).codes).toBe(0)
  })
})

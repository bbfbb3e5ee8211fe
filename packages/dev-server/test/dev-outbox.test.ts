import { describe, expect, it } from 'vitest'
import { escapeHtml } from '../src/inbox-page'
import type { OutboxMessage } from '../src/index'
import { ADA, json, start } from './helpers'

describe('dev outbox', () => {
  it('GET /__dev/outbox lists messages newest first with every field', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    const first = await h.send(ADA)
    h.clock.advance(1)
    await h.send('new@example.com', 'register')
    h.clock.advance(1)
    const third = await h.send(ADA)
    const response = await fetch(`${h.server.url}/__dev/outbox`)
    expect(response.status).toBe(200)
    const { messages } = await json<{ messages: OutboxMessage[] }>(response)
    expect(messages.map((m) => m.identifier)).toEqual([ADA, 'new@example.com', ADA])
    expect(messages[0]).toEqual({
      id: expect.any(String),
      appId: 'demo',
      otpId: third.otpId,
      identifier: ADA,
      channel: 'email',
      intent: 'login',
      code: third.code,
      language: 'en',
      createdAt: new Date(h.clock.ms).toISOString(),
      expiresAt: new Date(h.clock.ms + 300_000).toISOString(),
    })
    expect(messages[2]?.otpId).toBe(first.otpId)
    expect(messages[1]?.intent).toBe('register')
  })

  it('filters by identifier (normalised) over HTTP and programmatically', async () => {
    const h = await start({ users: [{ identifier: ADA }, { identifier: '+14155552671' }] })
    await h.send(ADA)
    await h.send('+14155552671')
    const query = encodeURIComponent(' +1 (415) 555-2671')
    const { messages } = await json<{ messages: OutboxMessage[] }>(
      await fetch(`${h.server.url}/__dev/outbox?identifier=${query}`),
    )
    expect(messages.map((m) => m.channel)).toEqual(['sms'])
    expect(h.server.outbox.messages('ADA@example.com')).toHaveLength(1)
    expect(h.server.outbox.latest('nobody@example.com')).toBeUndefined()
    expect(h.server.outbox.messages()).toHaveLength(2)
  })

  it('filters by app over HTTP; GET /__dev/stats is the stats() object', async () => {
    const h = await start({ appIds: ['demo', 'shop'] })
    await h.send(ADA)
    expect((await h.api('/apps/shop/login/otp', { identifier: ADA })).status).toBe(200)
    const appsOf = async (query: string) =>
      (
        await json<{ messages: OutboxMessage[] }>(
          await fetch(`${h.server.url}/__dev/outbox${query}`),
        )
      ).messages.map((m) => m.appId)
    expect(await appsOf('?appId=shop')).toEqual(['shop'])
    expect(await appsOf('?appId=demo')).toEqual(['demo'])
    expect(await appsOf('?appId=')).toEqual(['shop', 'demo'])
    const stats = await json(await fetch(`${h.server.url}/__dev/stats`))
    expect(stats).toEqual(h.server.stats())
    expect(stats).toMatchObject({ requests: 2, codes: 2, outbox: 2 })
  })

  it('DELETE /__dev/outbox and outbox.clear() empty it', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    await h.send(ADA)
    expect((await fetch(`${h.server.url}/__dev/outbox`, { method: 'DELETE' })).status).toBe(204)
    expect(h.server.outbox.messages()).toEqual([])
    await h.send(ADA)
    h.server.outbox.clear()
    expect(h.server.outbox.latest(ADA)).toBeUndefined()
  })

  it('keeps only the newest 1000 messages', async () => {
    const h = await start({ resendCooldownSeconds: 0, ipRateLimit: false, logger: false })
    const oldest: string[] = []
    for (let i = 0; i < 5; i++) oldest.push((await h.send(ADA)).otpId)
    for (let batch = 0; batch < 1000; batch += 50) {
      const sends = Array.from({ length: 50 }, () =>
        h.api('/apps/demo/login/otp', { identifier: ADA }).then((r) => r.arrayBuffer()),
      )
      await Promise.all(sends)
    }
    const messages = h.server.outbox.messages()
    expect(messages).toHaveLength(1000)
    const kept = new Set(messages.map((m) => m.otpId))
    expect(kept.size).toBe(1000)
    for (const otpId of oldest) expect(kept.has(otpId)).toBe(false)
    expect(h.server.stats().outbox).toBe(1000)
    expect(h.server.stats().codes).toBe(1)
  })
})

describe('dev inbox page', () => {
  it('is HTML that lists codes newest first and refreshes only when asked', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    const older = await h.send(ADA)
    const newer = await h.send(ADA)
    const response = await fetch(`${h.server.url}/__dev/inbox`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await response.text()
    // A page that reloads itself every 2 s moves focus and the reading position (WCAG 2.2.1).
    expect(html).not.toContain('http-equiv="refresh"')
    expect(html).toContain('<a class="refresh" href="">Refresh</a>')
    expect(html).toMatch(/<main>[\s\S]*<h1>[\s\S]*<\/main>/)
    expect(html.indexOf(newer.code)).toBeGreaterThan(-1)
    expect(html.indexOf(newer.code)).toBeLessThan(html.indexOf(older.code))
  })

  it('escapes every value', async () => {
    const nasty = "o'brien&{x}|y@example.com"
    const h = await start({ users: [{ identifier: nasty }] })
    await h.send(nasty)
    const html = await (
      await fetch(`${h.server.url}/__dev/inbox?identifier=${encodeURIComponent(`<b>"x"</b>`)}`)
    ).text()
    expect(html).toContain('Inbox for &lt;b&gt;&quot;x&quot;&lt;/b&gt;')
    expect(html).not.toContain('<b>')
    const all = await (await fetch(`${h.server.url}/__dev/inbox`)).text()
    expect(all).toContain('o&#39;brien&amp;{x}|y@example.com')
    expect(all).not.toContain("o'brien")
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;',
    )
  })

  it('shows an empty state and marks expired codes', async () => {
    const h = await start()
    expect(await (await fetch(`${h.server.url}/__dev/inbox`)).text()).toContain('No codes sent yet')
    await h.send(ADA)
    const fresh = await (await fetch(`${h.server.url}/__dev/inbox`)).text()
    expect(fresh).not.toContain('<tr class="expired">')
    expect(fresh).not.toContain('<td>expired</td>')
    // Times as the terminal line shows them: "expires 12:05:00".
    expect(fresh).toMatch(/<td>until \d{2}:\d{2}:\d{2}<\/td>/)
    h.clock.advance(301)
    const stale = await (await fetch(`${h.server.url}/__dev/inbox`)).text()
    expect(stale).toContain('<tr class="expired">')
    expect(stale).toContain('<td>expired</td>')
    expect(stale).not.toContain('until')
  })
})

describe('dev users and CORS', () => {
  it('POST /__dev/users sets a status; GET lists; bad input is 400', async () => {
    const h = await start()
    const post = (body: unknown) =>
      fetch(`${h.server.url}/__dev/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    expect((await post({ identifier: 'Bob@example.com', status: 'pending' })).status).toBe(200)
    const { users } = await json<{ users: Array<{ identifier: string; status: string }> }>(
      await fetch(`${h.server.url}/__dev/users`),
    )
    expect(users.map((u) => [u.identifier, u.status])).toEqual([
      [ADA, 'active'],
      ['bob@example.com', 'pending'],
    ])
    for (const bad of [
      { identifier: 'x', status: 'active' },
      { identifier: ADA, status: 'gone' },
      {},
    ]) {
      expect((await post(bad)).status).toBe(400)
    }
  })

  it('allows local origins, including preflight for JSON POST and DELETE', async () => {
    const h = await start()
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080']) {
      for (const method of ['POST', 'DELETE']) {
        const preflight = await fetch(`${h.server.baseURL}/apps/demo/tokens`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': method,
            'access-control-request-headers': 'content-type',
          },
        })
        expect(preflight.status).toBe(204)
        expect(preflight.headers.get('access-control-allow-origin')).toBe(origin)
        expect(preflight.headers.get('access-control-allow-methods')).toContain(method)
        expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type')
      }
    }
    expect(h.server.stats().requests).toBe(0)
  })

  it('sends CORS headers on errors and exposes Retry-After; ignores other origins', async () => {
    const h = await start()
    await h.send(ADA)
    const limited = await fetch(`${h.server.baseURL}/apps/demo/login/otp`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: ADA }),
    })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(limited.headers.get('access-control-expose-headers')).toContain('Retry-After')
    for (const origin of [
      'https://localhost:5173',
      'http://evil.example',
      'http://localhost.evil.example',
    ]) {
      const response = await fetch(`${h.server.baseURL}/apps/demo/.well-known/jwks.json`, {
        headers: { origin },
      })
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
    }
  })
})

import { describe, expect, it } from 'vitest'
import { createDevApp } from '../src/index'
import { ADA, json, start } from './helpers'

const postFaults = (url: string, faults: unknown) =>
  fetch(`${url}/__dev/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  })

describe('fault injection', () => {
  it('latencyMs delays /v1 responses but not /__dev', async () => {
    const h = await start({ faults: { latencyMs: 150 } })
    const t = performance.now()
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(200)
    expect(performance.now() - t).toBeGreaterThanOrEqual(140)
    // /__dev answers while a delayed /v1 request is still waiting.
    h.server.setFaults({ latencyMs: 2000 })
    let delayedAnswered = false
    const delayed = h.api('/apps/demo/.well-known/jwks.json').then(() => {
      delayedAnswered = true
    })
    expect((await fetch(`${h.server.url}/__dev/outbox`)).status).toBe(200)
    expect(delayedAnswered).toBe(false)
    await delayed
  })

  it('errorRate answers errorStatus with a JSON error body and does no work', async () => {
    const h = await start({ faults: { errorRate: 1 } })
    const response = await h.api('/apps/demo/login/otp', { identifier: ADA })
    expect(response.status).toBe(503)
    expect(await json(response)).toEqual({
      code: 'internal_server_error',
      error: 'injected fault (503).',
    })
    for (const errorStatus of [500, 502] as const) {
      h.server.setFaults({ errorRate: 1, errorStatus })
      expect((await h.api('/apps/demo/.well-known/jwks.json')).status).toBe(errorStatus)
    }
    expect(h.server.outbox.messages()).toHaveLength(0)
    h.server.clearFaults()
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(200)
  })

  it('malformedJsonRate answers 200 with truncated JSON after doing the work', async () => {
    const h = await start({ faults: { malformedJsonRate: 1 } })
    const response = await h.api('/apps/demo/login/otp', { identifier: ADA })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const text = await response.text()
    expect(text.startsWith('{"otp_id":')).toBe(true)
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
    expect(h.server.outbox.messages()).toHaveLength(1)
    const revoke = await fetch(`${h.server.baseURL}/apps/demo/tokens?refresh_token=x`, {
      method: 'DELETE',
    })
    expect(revoke.status).toBe(200)
    const emptyBodyTruncated = await revoke.text()
    expect(emptyBodyTruncated.startsWith('{')).toBe(true)
    expect(() => JSON.parse(emptyBodyTruncated)).toThrow(SyntaxError)
  })

  it('dropRate destroys the connection without a response', async () => {
    const h = await start({ faults: { dropRate: 1 } })
    await expect(h.api('/apps/demo/login/otp', { identifier: ADA })).rejects.toThrow(TypeError)
    expect(h.server.outbox.messages()).toHaveLength(0)
    h.server.clearFaults()
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(200)
  })

  it('rateLimitRate answers 429 with Retry-After = retryAfterSeconds', async () => {
    const h = await start({ faults: { rateLimitRate: 1, retryAfterSeconds: 7 } })
    const response = await h.api('/apps/demo/login/otp', { identifier: ADA })
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('7')
    expect((await json(response)).code).toBe('rate_limited')
    h.server.setFaults({ rateLimitRate: 1 })
    const fallback = await h.api('/apps/demo/login/otp', { identifier: ADA })
    expect(fallback.headers.get('retry-after')).toBe('1')
  })

  it('applies rates as probabilities from the random source', async () => {
    let n = 0
    // A draw in [0, 1) hits when it is below the rate, so a rate of 0.5 hits half of them.
    const sequence = [0.1, 0.9, 0.4, 0.6, 0.5]
    const h = await start({
      faults: { errorRate: 0.5 },
      random: () => sequence[n++ % sequence.length] ?? 0,
    })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      statuses.push((await h.api('/apps/demo/.well-known/jwks.json')).status)
    }
    expect(statuses).toEqual([503, 200, 503, 200, 200])
  })

  it('POST /__dev/faults sets, GET shows and {} clears them', async () => {
    const h = await start()
    const set = await postFaults(h.server.url, { errorRate: 1, errorStatus: 502, latencyMs: 0 })
    expect(set.status).toBe(200)
    expect(await json(set)).toEqual({ faults: { errorRate: 1, errorStatus: 502 } })
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(502)
    const shown = await json(await fetch(`${h.server.url}/__dev/faults`))
    expect(shown).toEqual({ faults: { errorRate: 1, errorStatus: 502 } })
    expect((await fetch(`${h.server.url}/__dev/outbox`)).status).toBe(200)
    expect(await json(await postFaults(h.server.url, {}))).toEqual({ faults: {} })
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(200)
  })

  it('rejects invalid faults with 400 and keeps the current ones', async () => {
    const h = await start({ faults: { errorRate: 1 } })
    for (const bad of [
      { errorRate: 2 },
      { dropRate: -0.1 },
      { errorStatus: 404 },
      { latencyMs: 'slow' },
      { retryAfterSeconds: 1.5 },
      { typo: 1 },
    ]) {
      const response = await postFaults(h.server.url, bad)
      expect(response.status).toBe(400)
      expect((await json(response)).code).toBe('invalid_request')
    }
    expect(() => h.server.setFaults({ errorRate: Number.NaN })).toThrow(TypeError)
    expect((await h.api('/apps/demo/.well-known/jwks.json')).status).toBe(503)
  })

  it('counts faulted requests in stats()', async () => {
    const h = await start({ faults: { errorRate: 1 } })
    await h.api('/apps/demo/login/otp', { identifier: ADA })
    await h.api('/apps/demo/login/otp', { identifier: ADA })
    expect(h.server.stats().requestsByRoute['POST /v1/apps/:appId/login/otp']).toBe(2)
  })

  it('in-process, a drop rejects fetch like a network error', async () => {
    const dev = createDevApp({ logger: false, faults: { dropRate: 1 } })
    const request = () =>
      dev.fetch(new Request('http://127.0.0.1/v1/apps/demo/.well-known/jwks.json'))
    await expect(request()).rejects.toThrow(TypeError)
    dev.clearFaults()
    const response = await request()
    expect(response.status).toBe(200)
    dev.dispose()
  })
})

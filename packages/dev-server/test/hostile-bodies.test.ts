import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { ADA, json, start } from './helpers'

const JSON_TYPE = { 'content-type': 'application/json' }

interface Case {
  name: string
  body?: string
  headers?: Record<string, string>
}

const cases: Case[] = [
  { name: 'malformed JSON', body: '{"identifier": "ada@example.com"' },
  { name: 'trailing garbage', body: '{"identifier": "ada@example.com"} x' },
  {
    name: 'text/plain',
    body: JSON.stringify({ identifier: ADA }),
    headers: { 'content-type': 'text/plain' },
  },
  {
    name: 'form encoded',
    body: 'identifier=ada%40example.com',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  },
  { name: 'no content type', body: JSON.stringify({ identifier: ADA }), headers: {} },
  { name: '1 MB string', body: JSON.stringify({ identifier: 'a'.repeat(1024 * 1024) }) },
  {
    name: 'just over 16 KiB',
    body: JSON.stringify({ identifier: ADA, pad: 'x'.repeat(16 * 1024) }),
  },
  { name: 'null', body: 'null' },
  { name: 'array', body: JSON.stringify([{ identifier: ADA }]) },
  { name: 'number', body: '42' },
  { name: 'string', body: '"ada@example.com"' },
  { name: 'true', body: 'true' },
  { name: 'empty body', body: '' },
  { name: 'whitespace body', body: '  \n ' },
  { name: 'empty object', body: '{}' },
  { name: 'identifier null', body: '{"identifier": null}' },
  { name: 'identifier number', body: '{"identifier": 12345678}' },
  { name: 'identifier array', body: '{"identifier": ["ada@example.com"]}' },
  { name: 'identifier object', body: '{"identifier": {"toString": "x"}}' },
  { name: 'identifier empty', body: '{"identifier": ""}' },
  {
    name: 'duplicate keys',
    body: '{"identifier": "ada@example.com", "identifier": "bob@example.com"}',
  },
  {
    name: 'escaped duplicate key',
    body: '{"identifier": "ada@example.com", "\\u0069dentifier": "x"}',
  },
  { name: 'control chars', body: JSON.stringify({ identifier: 'ada\u0000@example.com' }) },
  { name: 'bell char', body: JSON.stringify({ identifier: 'ada@exa\u0007mple.com' }) },
  { name: 'unicode letters', body: JSON.stringify({ identifier: 'ädä@exämple.com' }) },
  { name: 'right-to-left override', body: JSON.stringify({ identifier: 'ada@example.com\u202e' }) },
  { name: 'emoji', body: JSON.stringify({ identifier: '😀@example.com' }) },
  { name: 'lone surrogate', body: '{"identifier": "\\ud800@example.com"}' },
  { name: 'deep nesting', body: `{"identifier": ${'['.repeat(5000)}${']'.repeat(5000)}}` },
  { name: '__proto__', body: '{"__proto__": {"identifier": "ada@example.com"}}' },
  { name: 'language object', body: '{"identifier": "ada@example.com", "language": {}}' },
]

describe('hostile bodies never cause a 500', () => {
  it.each(cases)('$name on login/otp → 400 invalid_request', async ({ body, headers }) => {
    const h = await start({ ipRateLimit: false })
    const response = await fetch(`${h.server.baseURL}/apps/demo/login/otp`, {
      method: 'POST',
      headers: headers ?? JSON_TYPE,
      body,
    })
    expect(response.status).toBe(400)
    const parsed = await json(response)
    expect(parsed.code).toBe('invalid_request')
    expect(typeof parsed.error).toBe('string')
    expect(h.server.outbox.messages()).toHaveLength(0)
  })

  it('treats hostile bodies alike on every POST endpoint and keeps serving', async () => {
    const h = await start({ ipRateLimit: false })
    const paths = ['login/otp', 'register/otp', 'otp/activate', 'tokens']
    for (const path of paths) {
      for (const { body, headers } of cases) {
        const response = await fetch(`${h.server.baseURL}/apps/demo/${path}`, {
          method: 'POST',
          headers: headers ?? JSON_TYPE,
          body,
        })
        expect(response.status, `${path} ${body?.slice(0, 40)}`).toBe(400)
        await response.arrayBuffer()
      }
    }
    expect((await h.api('/apps/demo/login/otp', { identifier: ADA })).status).toBe(200)
  })

  it('accepts a charset parameter and +json content types', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    for (const type of ['application/json; charset=utf-8', 'application/vnd.api+json']) {
      const response = await fetch(`${h.server.baseURL}/apps/demo/login/otp`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify({ identifier: ADA }),
      })
      expect(response.status).toBe(200)
    }
  })

  it('answers 400 to a lying Content-Length and to chunked oversized bodies', async () => {
    const h = await start()
    const { port } = new URL(h.server.url)
    const status = (headers: Record<string, string | number>, chunks: string[]) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/apps/demo/login/otp',
            headers,
            // A fresh connection each time: the server closes one whose body it did not read.
            agent: false,
          },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        for (const chunk of chunks) req.write(chunk)
        req.end()
      })
    const big = 'x'.repeat(8 * 1024)
    expect(await status({ ...JSON_TYPE, 'content-length': 10_000_000 }, [big])).toBe(400)
    expect(await status({ ...JSON_TYPE, 'transfer-encoding': 'chunked' }, [big, big, big])).toBe(
      400,
    )
    expect(await status({ ...JSON_TYPE }, ['{"otp": "1', '23456", "otp_id": "x"}'])).toBe(400)
    expect((await h.api('/apps/demo/.well-known/jwks.json')).status).toBe(200)
  })

  it('answers 400 for missing or non-string activate fields', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    const bodies = [
      { otp_id: otpId },
      { otp: code },
      { otp: Number(code), otp_id: otpId },
      { otp: code, otp_id: 1 },
      { otp: null, otp_id: otpId },
      { otp: code, otp_id: '' },
    ]
    for (const body of bodies) {
      const response = await h.api('/apps/demo/otp/activate', body)
      expect(response.status).toBe(400)
      expect((await json(response)).code).toBe('invalid_request')
    }
    // None of those counted as an attempt: the right code still works.
    expect((await h.activate(otpId, code)).status).toBe(200)
  })
})

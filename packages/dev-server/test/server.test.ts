import { type IncomingMessage, request } from 'node:http'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { createDevApp, createDevServer } from '../src/index'
import { ADA, start } from './helpers'

describe('createDevServer', () => {
  it('listens on 127.0.0.1 and a free port by default', async () => {
    const h = await start()
    expect(h.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(h.server.baseURL).toBe(`${h.server.url}/v1`)
    expect(h.server.appId).toBe('demo')
    expect(Number(new URL(h.server.url).port)).toBeGreaterThan(0)
  })

  it('rejects when the port is taken and on bad options', async () => {
    const h = await start()
    const port = Number(new URL(h.server.url).port)
    await expect(createDevServer({ port, logger: false })).rejects.toThrow(/EADDRINUSE/)
    await expect(createDevServer({ port: -1 })).rejects.toThrow(TypeError)
    await expect(createDevServer({ codeTtlSeconds: 0 })).rejects.toThrow(/codeTtlSeconds/)
    await expect(createDevServer({ appId: 'bad id' })).rejects.toThrow(/appId/)
    await expect(createDevServer({ faults: { errorRate: 3 } })).rejects.toThrow(/errorRate/)
  })

  it('close() stops listening, ends keep-alive sockets and is idempotent', async () => {
    const server = await createDevServer({ logger: false })
    const { port } = new URL(server.url)
    const req = request({ host: '127.0.0.1', port, path: '/__dev/outbox' })
    const socketClosed = new Promise<void>((resolve) =>
      req.on('socket', (socket) => socket.on('close', () => resolve())),
    )
    // Closes once the answer has been read, however slow the machine is: the socket is then
    // idle in the agent's keep-alive pool, which close() must end.
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve).on('error', reject).end()
    })
    await new Promise((resolve) => response.resume().on('end', resolve))
    expect(response.headers.connection).toBe('keep-alive')
    await Promise.all([server.close(), server.close()])
    await socketClosed
    await expect(fetch(`${server.url}/__dev/outbox`)).rejects.toThrow()
  })

  it('puts its own URL in the JWT iss whatever Host a request names', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    const body = JSON.stringify({ otp: code, otp_id: otpId })
    const req = request({
      host: '127.0.0.1',
      port: new URL(h.server.url).port,
      path: '/v1/apps/demo/otp/activate',
      method: 'POST',
      headers: { host: 'proxy.test', 'content-type': 'application/json' },
    })
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve).on('error', reject).end(body)
    })
    let text = ''
    for await (const chunk of response) text += chunk
    const { auth_result } = JSON.parse(text) as { auth_result: { auth_token: string } }
    expect(decodeJwt(auth_result.auth_token).iss).toBe(`${h.server.url}/v1/apps/demo`)
  })

  it('puts the server URL in the JWT iss, or publicUrl when given', async () => {
    const h = await start({ publicUrl: 'https://auth.test/' })
    const { auth_token } = await h.signIn(ADA)
    expect(decodeJwt(auth_token).iss).toBe('https://auth.test/v1/apps/demo')
  })
})

describe('createDevApp (in-process)', () => {
  it('answers requests without a socket; iss is the request origin, or setPublicUrl', async () => {
    const lines: string[] = []
    const dev = createDevApp({ users: [{ identifier: ADA }], logger: (l) => lines.push(l) })
    const post = (path: string, body: unknown) =>
      dev.fetch(
        new Request(`http://localhost:9/v1/apps/demo/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      )
    const issuer = async () => {
      const sent = await post('login/otp', { identifier: ADA })
      expect(sent.status).toBe(200)
      const { otp_id } = (await sent.json()) as { otp_id: string }
      const code = dev.outbox.latest(ADA)?.code
      const activated = await post('otp/activate', { otp: code, otp_id })
      expect(activated.status).toBe(200)
      const { auth_result } = (await activated.json()) as { auth_result: { auth_token: string } }
      return decodeJwt(auth_result.auth_token).iss
    }
    expect(await issuer()).toBe('http://localhost:9/v1/apps/demo')
    expect(lines).toHaveLength(1)
    expect(dev.stats().requests).toBe(2)
    dev.setPublicUrl('https://auth.example.com//')
    expect(await issuer()).toBe('https://auth.example.com/v1/apps/demo')
    dev.dispose()
  })
})

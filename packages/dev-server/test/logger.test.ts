import { afterEach, describe, expect, it, vi } from 'vitest'
import { ADA, start } from './helpers'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('logger', () => {
  it('prints exactly one clear line per code sent, and no token anywhere', async () => {
    const h = await start({
      resendCooldownSeconds: 0,
      users: [{ identifier: ADA }, { identifier: '+14155552671' }],
    })
    const sent = [
      await h.send(ADA),
      await h.send('+14155552671'),
      await h.send('new@example.com', 'register'),
    ]
    const wrong = await h.activate(sent[0]?.otpId ?? '', '000000')
    expect(wrong.status).toBe(400)
    const auth = await h.signIn(ADA)
    const rotated = await h.api('/apps/demo/tokens', { refresh_token: auth.refresh_token })
    const next = ((await rotated.json()) as { auth_result: Record<string, string> }).auth_result
    await fetch(`${h.server.baseURL}/apps/demo/tokens?refresh_token=${next.refresh_token}`, {
      method: 'DELETE',
    })
    const codes = [...sent, h.server.outbox.latest(ADA)].map((s) => s?.code ?? '')
    for (const code of codes) {
      expect(h.lines.filter((line) => line.includes(code))).toHaveLength(1)
    }
    expect(h.lines).toHaveLength(4)
    const expires = new Date(h.clock.ms + 300_000).toTimeString().slice(0, 8)
    expect(h.lines[0]).toBe(
      `[passage-otp] email to ${ADA}: ${codes[0]} (login, expires ${expires})`,
    )
    expect(h.lines[1]).toMatch(/^\[passage-otp\] sms to \+14155552671: \d{6} \(login, /)
    expect(h.lines[2]).toMatch(/^\[passage-otp\] email to new@example.com: \d{6} \(register, /)
    const secrets = [auth.auth_token, auth.refresh_token, next.auth_token, next.refresh_token]
    for (const line of h.lines) {
      for (const secret of secrets) expect(line).not.toContain(secret)
      expect(line).not.toContain('eyJ')
    }
  })

  it('defaults to console.log and is silent with logger: false', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    const loud = await start({ logger: undefined })
    await loud.send(ADA)
    expect(log).toHaveBeenCalledTimes(1)
    expect(String(log.mock.calls[0]?.[0])).toContain(loud.server.outbox.latest(ADA)?.code)
    log.mockClear()
    const quiet = await start({ logger: false })
    await quiet.signIn(ADA)
    expect(log).not.toHaveBeenCalled()
  })
})

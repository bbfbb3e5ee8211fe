import { describe, expect, it } from 'vitest'
import { OUTBOX_LIMIT, Outbox } from '../src/outbox'
import type { OutboxMessage } from '../src/types'

const message = (n: number, appId = 'demo', identifier = 'ada@example.com'): OutboxMessage => ({
  id: `m${n}`,
  appId,
  otpId: `o${n}`,
  identifier,
  channel: 'email',
  intent: 'login',
  code: String(n).padStart(6, '0'),
  language: 'en',
  createdAt: new Date(n * 1000).toISOString(),
  expiresAt: new Date(n * 1000 + 300_000).toISOString(),
})

describe('Outbox', () => {
  it('lists newest first, filtered by identifier and by app (the /__dev/outbox filters)', () => {
    const outbox = new Outbox()
    outbox.add(message(1, 'demo'))
    outbox.add(message(2, 'shop'))
    outbox.add(message(3, 'demo', 'bob@example.com'))
    const ids = (filter?: { identifier?: string; appId?: string }) =>
      outbox.list(filter).map((m) => m.id)
    expect(ids()).toEqual(['m3', 'm2', 'm1'])
    expect(ids({ appId: 'demo' })).toEqual(['m3', 'm1'])
    expect(ids({ appId: 'shop' })).toEqual(['m2'])
    expect(ids({ identifier: 'ada@example.com' })).toEqual(['m2', 'm1'])
    expect(ids({ identifier: 'ada@example.com', appId: 'demo' })).toEqual(['m1'])
  })

  it(`keeps the newest ${OUTBOX_LIMIT} messages`, () => {
    const outbox = new Outbox()
    for (let n = 1; n <= 1001; n += 1) outbox.add(message(n))
    expect(outbox.size).toBe(1000)
    expect(outbox.list().at(-1)?.id).toBe('m2')
    outbox.clear()
    expect(outbox.size).toBe(0)
  })
})

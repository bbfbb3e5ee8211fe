import { timingSafeEqual } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ADA, start, wrongCode } from './helpers'

// Proves that activation decides with `crypto.timingSafeEqual` and nothing else: the real
// function runs behind a spy, and overriding its answer overrides the server's decision. What it
// compares are keyed hashes (HMAC-SHA256, 32 bytes): the code itself is never stored.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  const spy = vi.fn(actual.timingSafeEqual)
  return { ...actual, default: { ...actual, timingSafeEqual: spy }, timingSafeEqual: spy }
})

const compare = vi.mocked(timingSafeEqual)
const asHex = (value: unknown) => Buffer.from(value as Uint8Array).toString('hex')
const HASH_BYTES = 32

afterEach(() => {
  compare.mockClear()
})

describe('codes are compared in constant time', () => {
  it('the right code goes through timingSafeEqual as the hashes of the stored and the submitted code', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    compare.mockClear()
    expect((await h.activate(otpId, code)).status).toBe(200)
    expect(compare).toHaveBeenCalledTimes(1)
    const [stored, submitted] = compare.mock.calls[0] ?? []
    expect((stored as Uint8Array).byteLength).toBe(HASH_BYTES)
    expect(asHex(submitted)).toBe(asHex(stored))
    expect(Buffer.from(stored as Uint8Array).toString('latin1')).not.toContain(code)
    expect(compare.mock.results[0]?.value).toBe(true)
  })

  it('a wrong code of the same length goes through it too', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    compare.mockClear()
    expect((await h.activate(otpId, wrongCode(code))).status).toBe(400)
    expect(compare).toHaveBeenCalledTimes(1)
    const [stored, submitted] = compare.mock.calls[0] ?? []
    expect((submitted as Uint8Array).byteLength).toBe(HASH_BYTES)
    expect(asHex(submitted)).not.toBe(asHex(stored))
    expect(compare.mock.results[0]?.value).toBe(false)
  })

  it('a code of another length still costs one comparison, of equal-length buffers', async () => {
    const h = await start()
    const { otpId, code } = await h.send(ADA)
    compare.mockClear()
    expect((await h.activate(otpId, `${code}1`)).status).toBe(400)
    expect(compare).toHaveBeenCalledTimes(1)
    const [a, b] = compare.mock.calls[0] ?? []
    expect((a as Uint8Array).byteLength).toBe((b as Uint8Array).byteLength)
  })

  it('its answer alone decides: false refuses the right code, true admits a wrong one', async () => {
    const h = await start({ resendCooldownSeconds: 0 })
    const first = await h.send(ADA)
    compare.mockReturnValueOnce(false)
    expect((await h.activate(first.otpId, first.code)).status).toBe(400)
    const second = await h.send(ADA)
    compare.mockReturnValueOnce(true)
    expect((await h.activate(second.otpId, wrongCode(second.code))).status).toBe(200)
  })
})

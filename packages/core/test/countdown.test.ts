import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createCountdown } from '../src/countdown'
import type { OtpAuthSnapshot } from '../src/selectors'

// A flow whose only state here is a deadline (epoch ms, or none), changed by hand.
function fakeFlow(deadline: number | null) {
  let snapshot = { deadline }
  // One entry per subscription, so that subscribing twice shows.
  const listeners: ((snapshot: OtpAuthSnapshot) => void)[] = []
  return {
    getSnapshot: () => snapshot as unknown as OtpAuthSnapshot,
    subscribe(listener: (snapshot: OtpAuthSnapshot) => void) {
      const entry = (next: OtpAuthSnapshot) => listener(next)
      listeners.push(entry)
      return {
        unsubscribe() {
          const at = listeners.indexOf(entry)
          if (at >= 0) listeners.splice(at, 1)
        },
      }
    },
    setDeadline(next: number | null) {
      snapshot = { deadline: next }
      for (const listener of listeners) listener(snapshot as unknown as OtpAuthSnapshot)
    },
    listeners,
  }
}
const selectDeadline = (snapshot: OtpAuthSnapshot) =>
  (snapshot as unknown as { deadline: number | null }).deadline

// Not on a whole second, so that the time to the next tick is the deadline's, not the clock's.
const START = 1_800_000_000_123

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: START })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createCountdown: whole seconds until the deadline', () => {
  test('without listeners it reads the flow each time, rounding up, and starts no timer', () => {
    const flow = fakeFlow(START + 2_500)
    const seconds = createCountdown(flow, selectDeadline)
    expect(seconds.getSnapshot()).toBe(3)
    vi.setSystemTime(START + 1_600)
    expect(seconds.getSnapshot()).toBe(1)
    flow.setDeadline(null)
    expect(seconds.getSnapshot()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    expect(flow.listeners.length).toBe(0)
  })

  test('while listened to it ticks on each whole second and stops at 0', () => {
    const flow = fakeFlow(START + 2_500)
    const seconds = createCountdown(flow, selectDeadline)
    const seen: number[] = []
    seconds.subscribe(() => seen.push(seconds.getSnapshot()))
    expect(seconds.getSnapshot()).toBe(3)

    vi.advanceTimersByTime(499)
    expect(seen).toEqual([])
    vi.advanceTimersByTime(1) // 2 000 ms left
    expect(seen).toEqual([2])
    vi.advanceTimersByTime(1_000)
    expect(seen).toEqual([2, 1])
    vi.advanceTimersByTime(1_000)
    expect(seen).toEqual([2, 1, 0])
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(10_000)
    expect(seen).toEqual([2, 1, 0])
  })

  test('a new deadline from the flow is told at once and counted down from there', () => {
    const flow = fakeFlow(null)
    const seconds = createCountdown(flow, selectDeadline)
    const listener = vi.fn()
    seconds.subscribe(listener)
    expect(seconds.getSnapshot()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)

    flow.setDeadline(START + 30_000)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(seconds.getSnapshot()).toBe(30)
    vi.advanceTimersByTime(1_000)
    expect(seconds.getSnapshot()).toBe(29)
    expect(listener).toHaveBeenCalledTimes(2)

    // The same second again (another change of the flow) is not news.
    flow.setDeadline(START + 29_500)
    expect(listener).toHaveBeenCalledTimes(2)
    // One timer at a time, however often the flow changes.
    expect(vi.getTimerCount()).toBe(1)
  })

  test('the last listener leaving unsubscribes from the flow and stops the timer', () => {
    const flow = fakeFlow(START + 10_000)
    const seconds = createCountdown(flow, selectDeadline)
    const first = vi.fn()
    const second = vi.fn()
    const stopFirst = seconds.subscribe(first)
    const stopSecond = seconds.subscribe(second)
    expect(flow.listeners.length).toBe(1)

    stopFirst()
    vi.advanceTimersByTime(1_000)
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledTimes(1)
    expect(flow.listeners.length).toBe(1)

    stopSecond()
    expect(flow.listeners.length).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    // Unsubscribing twice is harmless.
    expect(() => stopSecond()).not.toThrow()
    // Read live again once nobody listens.
    vi.setSystemTime(START + 4_000)
    expect(seconds.getSnapshot()).toBe(6)
    // Listening again resubscribes.
    seconds.subscribe(first)
    expect(flow.listeners.length).toBe(1)
    expect(vi.getTimerCount()).toBe(1)
  })

  test('a deadline already past reads 0 and arms nothing', () => {
    const flow = fakeFlow(START - 5_000)
    const seconds = createCountdown(flow, selectDeadline)
    seconds.subscribe(() => {})
    expect(seconds.getSnapshot()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })
})

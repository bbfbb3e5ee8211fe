import { type OtpAuthSnapshot, secondsUntil } from './selectors'

interface SnapshotSource {
  getSnapshot(): OtpAuthSnapshot
  subscribe(listener: (snapshot: OtpAuthSnapshot) => void): { unsubscribe(): void }
}

/** A store of whole seconds left until a deadline, for `useSyncExternalStore` or a `ref`. */
export interface CountdownStore {
  getSnapshot(): number
  subscribe(listener: () => void): () => void
}

/**
 * Whole seconds until the deadline that `selectDeadline` reads from the flow, ticking once a
 * second while anyone listens. Adapters bind it so UIs get a live countdown without a timer.
 *
 * @example
 * ```ts
 * import { createCountdown, createOtpAuthActor, selectResendDeadline } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const seconds = createCountdown(actor, selectResendDeadline)
 * const stop = seconds.subscribe(() => {
 *   console.log(`Resend code in ${seconds.getSnapshot()} s`)
 * })
 * ```
 */
export function createCountdown(
  actor: SnapshotSource,
  selectDeadline: (snapshot: OtpAuthSnapshot) => number | null,
): CountdownStore {
  const listeners = new Set<() => void>()
  let seconds = secondsUntil(selectDeadline(actor.getSnapshot()))
  let timer: ReturnType<typeof setTimeout> | undefined
  let subscription: { unsubscribe(): void } | undefined

  function update() {
    clearTimeout(timer)
    const deadline = selectDeadline(actor.getSnapshot())
    const next = secondsUntil(deadline)
    if (next !== seconds) {
      seconds = next
      for (const listener of listeners) listener()
    }
    if (deadline !== null && next > 0) {
      const untilNextSecond = (deadline - Date.now()) % 1000 || 1000
      timer = setTimeout(update, untilNextSecond)
    }
  }

  return {
    getSnapshot: () => (subscription ? seconds : secondsUntil(selectDeadline(actor.getSnapshot()))),
    subscribe(listener) {
      listeners.add(listener)
      if (!subscription) {
        subscription = actor.subscribe(update)
        update()
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && subscription) {
          subscription.unsubscribe()
          subscription = undefined
          clearTimeout(timer)
        }
      }
    },
  }
}

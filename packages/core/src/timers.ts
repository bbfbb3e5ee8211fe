/** The longest wait `setTimeout` keeps: 2^31 − 1 ms (about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647

/** Milliseconds from `now` until `deadline` (none: 0), clamped to what a timer can wait. */
export function msUntil(deadline: number | null, now = Date.now()): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, (deadline ?? now) - now))
}

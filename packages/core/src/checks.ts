// The shape checks shared by every reader of data from outside: API answers, saved flows, stored
// tokens, JWT claims and messages from other tabs.

/** An object with fields to read: not `null`, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A number that is neither `NaN` nor infinite; anything that is not a number is not one. */
export const isFiniteNumber = (value: unknown): value is number => Number.isFinite(value)

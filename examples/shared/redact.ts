// The inspector function both examples pass as `inspect`. The core's own masking (applied by
// `createOtpAuthActor` and the adapters) covers snapshots and events; this also covers the actor
// refs whose `getSnapshot()` the Stately inspector reads later (the activation request's input
// holds the code) and any text in `code.submit`. Once the core covers those, drop this file and
// pass `createBrowserInspector().inspect` as it is.

/** What stands in for a one-time code or a token in inspection output. */
export const REDACTED = '[redacted]'

/** Token fields of an auth result, wherever they appear (context, outputs, done events). */
const TOKEN_KEYS = new Set(['authToken', 'refreshToken'])

type PlainObject = Record<string, unknown>

interface SnapshotSource {
  getSnapshot(): unknown
}

/**
 * A copy of an XState inspection event that is safe to show in the Stately inspector: `code` is
 * masked in `code.submit` events and wherever it sits next to an `otpId` (the flow's context and
 * the activation request's input), and `authToken` / `refreshToken` are masked everywhere
 * (snapshots, outputs, done events). Actor refs in the event report redacted snapshots too,
 * because the inspector reads `actorRef.getSnapshot()` later, when the real one may hold a token.
 * The event itself is never changed.
 */
export function redactInspectionEvent<T extends { type: string }>(inspectionEvent: T): T {
  const copy: PlainObject = { ...inspectionEvent }
  if ('event' in copy) copy.event = redact(copy.event)
  if ('snapshot' in copy) copy.snapshot = redact(copy.snapshot)
  for (const key of ['actorRef', 'sourceRef']) {
    const ref = copy[key]
    if (isSnapshotSource(ref)) copy[key] = withRedactedSnapshot(ref)
  }
  return copy as T
}

/** A deep copy of plain objects and arrays with codes and tokens masked; other values are kept. */
export function redact(value: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null) return value
  const known = seen.get(value)
  if (known !== undefined) return known
  if (Array.isArray(value)) {
    const items: unknown[] = []
    seen.set(value, items)
    for (const item of value) items.push(redact(item, seen))
    return items
  }
  if (!isPlainObject(value)) return value
  const copy: PlainObject = {}
  seen.set(value, copy)
  const holdsCode = value.type === 'code.submit' || 'otpId' in value
  for (const [key, item] of Object.entries(value)) {
    const secret = TOKEN_KEYS.has(key) || (holdsCode && key === 'code')
    copy[key] = secret && item !== null && item !== undefined ? REDACTED : redact(item, seen)
  }
  return copy
}

function withRedactedSnapshot<T extends SnapshotSource>(actorRef: T): T {
  // Every other property (id, sessionId, logic, _parent) is read through the prototype.
  const view = Object.create(actorRef) as T
  Object.defineProperty(view, 'getSnapshot', { value: () => redact(actorRef.getSnapshot()) })
  return view
}

function isSnapshotSource(value: unknown): value is SnapshotSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<SnapshotSource>).getSnapshot === 'function'
  )
}

function isPlainObject(value: object): value is PlainObject {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

import type { InspectionEvent, Observer } from 'xstate'

export interface RedactOptions {
  /** Also mask email addresses and phone numbers. Default `false`. */
  identifiers?: boolean
}

export const REDACTED = '[redacted]'

// Keys whose string values are secrets wherever they appear: in events, context, outputs.
const SECRET_KEYS = new Set(['authToken', 'refreshToken', 'auth_token', 'refresh_token', 'otp'])
const IDENTIFIER_KEYS = new Set(['identifier'])
const MAX_DEPTH = 8

function redactValue(value: unknown, options: RedactOptions, depth: number): unknown {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map((item) => redactValue(item, options, depth + 1))
  // Class instances such as errors: use their JSON form; leave actor refs and the like alone.
  const plain =
    Object.getPrototypeOf(value) === Object.prototype
      ? value
      : typeof (value as { toJSON?: unknown }).toJSON === 'function'
        ? (value as { toJSON(): unknown }).toJSON()
        : null
  if (typeof plain !== 'object' || plain === null) return value
  return Object.fromEntries(
    Object.entries(plain).map(([key, entry]) => [key, redactEntry(key, entry, options, depth)]),
  )
}

// An API error code (`user_not_found`, `invalid_request`): words, never digits.
const API_ERROR_CODE = /^[a-z]+(?:_[a-z]+)*$/i

/**
 * Under `code` travels the passcode, as typed (any digits, a number from a careless caller) or
 * read; an API error code such as `user_not_found` stays readable.
 */
const isPasscode = (key: string, value: unknown) =>
  key === 'code' &&
  value !== undefined &&
  value !== '' &&
  typeof value !== 'object' &&
  !(typeof value === 'string' && API_ERROR_CODE.test(value))

function redactEntry(key: string, value: unknown, options: RedactOptions, depth: number) {
  if (isPasscode(key, value)) return REDACTED
  if (typeof value === 'string' && value !== '') {
    if (SECRET_KEYS.has(key)) return REDACTED
    if (options.identifiers && IDENTIFIER_KEYS.has(key)) return REDACTED
  }
  return redactValue(value, options, depth + 1)
}

// Where a snapshot keeps data: a machine's context, a promise actor's input and output.
const SNAPSHOT_DATA = ['context', 'input', 'output', 'error'] as const

/**
 * A copy of a snapshot (same prototype, so `toJSON` still works) with its data masked, and its
 * child actors (the requests, the SMS reader) reporting masked snapshots too.
 */
function redactSnapshot<T>(snapshot: T, options: RedactOptions): T {
  if (typeof snapshot !== 'object' || snapshot === null) return snapshot
  const data = snapshot as Record<string, unknown>
  const masked = SNAPSHOT_DATA.filter((key) => key in snapshot).map((key) => [
    key,
    redactValue(data[key], options, 0),
  ])
  if (typeof data.children === 'object' && data.children !== null) {
    const children = Object.entries(data.children).map(([id, child]) => [
      id,
      isSnapshotSource(child) ? withRedactedSnapshot(child, options) : child,
    ])
    masked.push(['children', Object.fromEntries(children)])
  }
  const copy = Object.create(Object.getPrototypeOf(snapshot)) as object
  return Object.assign(copy, snapshot, Object.fromEntries(masked)) as T
}

/**
 * The same inspection event with codes and tokens (and optionally identifiers) masked.
 *
 * @example
 * ```ts
 * import { redactInspectionEvent } from '@passage-otp/core'
 * import type { InspectionEvent } from 'xstate'
 *
 * const log = (event: InspectionEvent) =>
 *   console.log(redactInspectionEvent(event, { identifiers: true }))
 * ```
 */
export function redactInspectionEvent(
  event: InspectionEvent,
  options: RedactOptions = {},
): InspectionEvent {
  const redacted: Record<string, unknown> = { ...event }
  if ('event' in event) redacted.event = redactValue(event.event, options, 0)
  if ('snapshot' in event) redacted.snapshot = redactSnapshot(event.snapshot, options)
  // Inspectors read `actorRef.getSnapshot()` later, when the snapshot may hold a code or token.
  for (const key of ['actorRef', 'sourceRef'] as const) {
    const ref = redacted[key]
    if (isSnapshotSource(ref)) redacted[key] = withRedactedSnapshot(ref, options)
  }
  if ('action' in event) {
    redacted.action = { ...event.action, params: redactValue(event.action.params, options, 0) }
  }
  return redacted as unknown as InspectionEvent
}

interface SnapshotSource {
  getSnapshot(): unknown
}

const isSnapshotSource = (value: unknown): value is SnapshotSource =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Partial<SnapshotSource>).getSnapshot === 'function'

/** The same actor ref (its other members through the prototype) reporting masked snapshots. */
function withRedactedSnapshot(ref: SnapshotSource, options: RedactOptions): SnapshotSource {
  const view = Object.create(ref) as SnapshotSource
  Object.defineProperty(view, 'getSnapshot', {
    value: () => redactSnapshot(ref.getSnapshot(), options),
  })
  return view
}

type Inspector = Observer<InspectionEvent> | ((event: InspectionEvent) => void)

/**
 * Wraps an inspector (such as `createBrowserInspector().inspect`) so it only sees masked data.
 *
 * @example
 * ```ts
 * import { createOtpAuthLogic, redactInspector } from '@passage-otp/core'
 * import { createActor } from 'xstate'
 *
 * const inspect = redactInspector((event) => console.log(event.type), { identifiers: true })
 * const actor = createActor(createOtpAuthLogic({ appId: 'demo' }), { input: {}, inspect }).start()
 * ```
 */
export function redactInspector(inspect: Inspector, options: RedactOptions = {}) {
  const next = typeof inspect === 'function' ? inspect : inspect.next?.bind(inspect)
  return (event: InspectionEvent) => next?.(redactInspectionEvent(event, options))
}

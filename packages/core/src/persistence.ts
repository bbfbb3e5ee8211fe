import { type OtpAuthSnapshot, selectStep } from './selectors'
import type { KeyValueStorage } from './storage'
import type { OtpAuthEvent, SavedOtpFlow } from './types'
import { isSavedOtpFlow } from './validation'
import { defaultWarningHandler, type WarningHandler } from './warn'

export type { SavedOtpFlow } from './types'

/** Web Storage, React Native's AsyncStorage, or anything with the same three methods. */
export type OtpAuthStorage = KeyValueStorage

export interface PersistOptions {
  storage: OtpAuthStorage
  /** Default `passage-otp:flow`. */
  key?: string
  /** Told when a stored value is ignored or storage fails. Default `console.warn`. */
  onWarning?: WarningHandler
}

export const DEFAULT_PERSIST_KEY = 'passage-otp:flow'

/**
 * The stable part of a snapshot, or `null` for states that are not saved.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, toSavedOtpFlow } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const saved = toSavedOtpFlow(actor.getSnapshot())
 * if (saved) localStorage.setItem('my-flow', JSON.stringify(saved))
 * ```
 */
export function toSavedOtpFlow(snapshot: OtpAuthSnapshot): SavedOtpFlow | null {
  const { identifier, intent, endpoint, language, otpId, codeExpiresAt, resendAvailableAt } =
    snapshot.context
  const base = {
    version: 1 as const,
    identifier,
    intent,
    endpoint,
    ...(language ? { language } : {}),
  }
  const step = selectStep(snapshot)
  if (step === 'authenticated') return { ...base, step }
  if (step !== 'awaitingCode' || !otpId || codeExpiresAt === null || resendAvailableAt === null) {
    return null
  }
  return {
    ...base,
    step,
    otpId,
    codeExpiresAt,
    resendAvailableAt,
    attempts: snapshot.context.attempts,
    locked: snapshot.matches({ awaitingCode: { code: 'locked' } }),
  }
}

/**
 * Reads a stored value; anything corrupt, foreign or from another version is `null`.
 *
 * @example
 * ```ts
 * import { createOtpAuthActor, parseSavedOtpFlow } from '@passage-otp/core'
 *
 * const actor = createOtpAuthActor({ appId: 'demo' }).start()
 * const saved = parseSavedOtpFlow(JSON.parse(localStorage.getItem('my-flow') ?? 'null'))
 * if (saved) actor.send({ type: 'flow.restore', saved })
 * ```
 */
export function parseSavedOtpFlow(raw: unknown): SavedOtpFlow | null {
  if (typeof raw !== 'string') return null
  try {
    const value: unknown = JSON.parse(raw)
    return isSavedOtpFlow(value) ? value : null
  } catch {
    return null
  }
}

export interface FlowActor {
  getSnapshot(): OtpAuthSnapshot
  subscribe(listener: (snapshot: OtpAuthSnapshot) => void): { unsubscribe(): void }
  send(event: OtpAuthEvent): void
}

/**
 * Saves the flow's stable states to `storage` and restores a saved one into a fresh, running
 * actor: after a reload the code step comes back without sending a new code. Returns a function
 * that stops saving.
 *
 * @example
 * ```ts
 * import { createOtpAuthLogic, persistOtpAuth } from '@passage-otp/core'
 * import { createActor } from 'xstate'
 *
 * const actor = createActor(createOtpAuthLogic({ appId: 'demo' }), { input: {} })
 * const stopSaving = persistOtpAuth(actor, { storage: sessionStorage })
 * actor.start()
 * ```
 */
export function persistOtpAuth(actor: FlowActor, options: PersistOptions): () => void {
  const { storage, key = DEFAULT_PERSIST_KEY } = options
  const warn = options.onWarning ?? defaultWarningHandler
  let restored = false
  let stopped = false
  let written: string | null | undefined

  const attempt = (work: () => unknown) => {
    try {
      return Promise.resolve(work()).catch((cause) => warn('storage failed', cause))
    } catch (cause) {
      warn('storage failed', cause)
      return Promise.resolve()
    }
  }

  function save(snapshot: OtpAuthSnapshot) {
    if (!restored) return
    const step = selectStep(snapshot)
    // In-flight and failed steps keep what was saved before them; `idle` saves nothing.
    if (step !== 'idle' && step !== 'awaitingCode' && step !== 'authenticated') return
    const saved = toSavedOtpFlow(snapshot)
    const value = saved && JSON.stringify(saved)
    if (value === written) return
    written = value
    attempt(() => (value === null ? storage.removeItem(key) : storage.setItem(key, value)))
  }

  const subscription = actor.subscribe(save)
  attempt(() => storage.getItem(key)).then((raw) => {
    if (stopped) return
    const saved = parseSavedOtpFlow(raw)
    if (raw && !saved) warn(`ignored an unreadable saved flow under "${key}"`)
    const untouched = actor.getSnapshot().matches('idle') && !actor.getSnapshot().context.error
    if (saved && untouched) actor.send({ type: 'flow.restore', saved })
    restored = true
    save(actor.getSnapshot())
  })
  return () => {
    stopped = true
    subscription.unsubscribe()
  }
}

/** What `persist` takes: connects a flow to its storage, and returns how to disconnect it. */
export type FlowPersistence = (actor: FlowActor) => () => void

/**
 * Persistence for `createOtpAuthActor({ persist })` and the adapters' `persist` option:
 * `persist: createFlowPersistence({ storage: sessionStorage })`. Only imported, never by
 * default, so a flow without it does not carry this code.
 *
 * @example
 * ```ts
 * import { createFlowPersistence, createOtpAuthActor } from '@passage-otp/core'
 *
 * const persist = createFlowPersistence({ storage: sessionStorage, key: 'login-flow' })
 * const actor = createOtpAuthActor({ appId: 'demo', persist }).start()
 * ```
 */
export function createFlowPersistence(options: PersistOptions): FlowPersistence {
  const { storage } = options ?? {}
  for (const method of ['getItem', 'setItem', 'removeItem'] as const) {
    if (typeof storage?.[method] !== 'function') {
      throw new TypeError(
        `createFlowPersistence: \`storage\` needs getItem, setItem and removeItem (no ${method}).`,
      )
    }
  }
  return (actor) => persistOtpAuth(actor, options)
}

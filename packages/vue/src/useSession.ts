import type { Session, SessionSnapshot } from '@passage-otp/core'
import { type ComputedRef, computed } from 'vue'
import { useStore } from './useStore'

export type SessionRefs = { [K in keyof SessionSnapshot]: ComputedRef<SessionSnapshot[K]> }

export type UseSessionReturn = SessionRefs & {
  /** The whole snapshot, for passing around at once. */
  snapshot: ComputedRef<SessionSnapshot>
  signIn: Session['signIn']
  refresh: Session['refresh']
  signOut: Session['signOut']
}

/**
 * Refs of the session's state (`status`, `user`, `authToken`, `expiresAt`, `error`) and its
 * commands. Create the session once, outside components (`createSession` from
 * `@passage-otp/core`); this composable subscribes while the component is mounted, so server
 * rendering only reads it.
 *
 * @example
 * ```ts
 * import { createSession } from '@passage-otp/core'
 * import { useSession } from '@passage-otp/vue'
 *
 * const session = createSession({ appId: 'demo' })
 * // In a component's <script setup>:
 * const { status, user, signOut } = useSession(session)
 * ```
 */
export function useSession(session: Session): UseSessionReturn {
  const state = useStore(session)
  const field = <K extends keyof SessionSnapshot>(key: K) => computed(() => state.value[key])
  return {
    snapshot: computed(() => state.value),
    status: field('status'),
    user: field('user'),
    authToken: field('authToken'),
    expiresAt: field('expiresAt'),
    error: field('error'),
    signIn: session.signIn,
    refresh: session.refresh,
    signOut: session.signOut,
  }
}

import type { Session, SessionSnapshot } from '@passage-otp/core'
import { useSyncExternalStore } from 'react'

export interface UseSessionResult extends SessionSnapshot {
  signIn: Session['signIn']
  refresh: Session['refresh']
  signOut: Session['signOut']
}

/**
 * The session's current state (`status`, `user`, `authToken`, `expiresAt`, `error`) and its
 * commands. Create the session once, outside components (`createSession` from
 * `@passage-otp/core`); this hook only subscribes to it.
 *
 * @example
 * ```tsx
 * import { createSession, createWebStorageTokenStore } from '@passage-otp/core'
 * import { useSession } from '@passage-otp/react'
 *
 * const session = createSession({ appId: 'demo', store: createWebStorageTokenStore(localStorage) })
 *
 * export function Account() {
 *   const { status, user, signOut } = useSession(session)
 *   if (status !== 'signedIn') return <p>Signed out</p>
 *   return <button onClick={signOut}>Sign out {String(user?.sub)}</button>
 * }
 * ```
 */
export function useSession(session: Session): UseSessionResult {
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot)
  return {
    ...snapshot,
    signIn: session.signIn,
    refresh: session.refresh,
    signOut: session.signOut,
  }
}

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

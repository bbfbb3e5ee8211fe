import { type MemoryStore, parseIdentifier, randomId } from '@passage-otp/server'
import type { UserRecord, UserStatus } from './types'

export const USER_STATUSES = ['active', 'pending', 'inactive'] as const satisfies UserStatus[]

export function isUserStatus(value: unknown): value is UserStatus {
  return USER_STATUSES.some((status) => status === value)
}

/** The dev controls' view of the users: input validated and normalised, answers synchronous. */
export class DevUsers {
  readonly #store: MemoryStore
  readonly #appIds: readonly string[]

  constructor(store: MemoryStore, appIds: readonly string[]) {
    this.#store = store
    this.#appIds = appIds
  }

  /** `identifier` must already be normalised. */
  get(appId: string, identifier: string): UserRecord | undefined {
    return this.#store.findUserNow(appId, identifier)
  }

  /** Creates or updates a user (the id stays stable); validates and normalises the input. */
  set(appId: string, identifier: string, status: unknown): UserRecord {
    if (!this.#appIds.includes(appId)) {
      throw new TypeError(`appId: unknown app ${JSON.stringify(appId)}`)
    }
    if (typeof identifier !== 'string') throw new TypeError('identifier: must be a string')
    const normalized = parseIdentifier(identifier)
    if (!normalized.ok) throw new TypeError(normalized.error)
    if (!isUserStatus(status)) {
      throw new TypeError("status: must be 'active', 'pending' or 'inactive'")
    }
    return this.#store.saveUserNow(appId, normalized.identifier, status, randomId())
  }
}

import { parseIdentifier } from './identifier'
import { randomId } from './random-id'
import type { SeedUser, UserRecord, UserStatus } from './types'

export const USER_STATUSES = ['active', 'pending', 'inactive'] as const satisfies UserStatus[]

export function isUserStatus(value: unknown): value is UserStatus {
  return USER_STATUSES.some((status) => status === value)
}

/** In-memory users, one directory per app, keyed by normalised identifier. */
export class UserStore {
  readonly #apps = new Map<string, Map<string, UserRecord>>()

  constructor(appIds: readonly string[], seeds: readonly SeedUser[]) {
    for (const appId of appIds) {
      this.#apps.set(appId, new Map())
      for (const seed of seeds) this.set(appId, seed.identifier, seed.status ?? 'active')
    }
  }

  /** `identifier` must already be normalised. */
  get(appId: string, identifier: string): UserRecord | undefined {
    return this.#apps.get(appId)?.get(identifier)
  }

  getById(appId: string, id: string): UserRecord | undefined {
    for (const user of this.#apps.get(appId)?.values() ?? []) if (user.id === id) return user
    return undefined
  }

  /** Creates or updates a user (the id stays stable); validates and normalises the input. */
  set(appId: string, identifier: string, status: unknown): UserRecord {
    const users = this.#apps.get(appId)
    if (users === undefined) throw new TypeError(`appId: unknown app ${JSON.stringify(appId)}`)
    if (typeof identifier !== 'string') throw new TypeError('identifier: must be a string')
    const normalized = parseIdentifier(identifier)
    if (!normalized.ok) throw new TypeError(normalized.error)
    if (!isUserStatus(status)) {
      throw new TypeError("status: must be 'active', 'pending' or 'inactive'")
    }
    const existing = users.get(normalized.identifier)
    if (existing) {
      existing.status = status
      return existing
    }
    const user = { id: randomId(), identifier: normalized.identifier, status }
    users.set(user.identifier, user)
    return user
  }

  list(appId: string): UserRecord[] {
    return [...(this.#apps.get(appId)?.values() ?? [])].map((user) => ({ ...user }))
  }

  get size(): number {
    let total = 0
    for (const users of this.#apps.values()) total += users.size
    return total
  }
}

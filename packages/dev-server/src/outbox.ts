import type { OutboxMessage } from './types'

/** Most messages kept; older ones are dropped first. */
export const OUTBOX_LIMIT = 1000

/** Every code "delivered", oldest first internally, newest first when read. */
export class Outbox {
  #messages: OutboxMessage[] = []

  add(message: OutboxMessage): void {
    this.#messages.push(message)
    // Stryker disable next-line EqualityOperator,ConditionalExpression: keeping the last OUTBOX_LIMIT of at most OUTBOX_LIMIT messages changes nothing
    if (this.#messages.length > OUTBOX_LIMIT) {
      this.#messages = this.#messages.slice(-OUTBOX_LIMIT)
    }
  }

  /** Newest first, optionally only for one (already normalised) identifier and/or app. */
  list(filter: { identifier?: string; appId?: string } = {}): OutboxMessage[] {
    const matches = this.#messages.filter(
      (m) =>
        (filter.identifier === undefined || m.identifier === filter.identifier) &&
        (filter.appId === undefined || m.appId === filter.appId),
    )
    return matches.reverse().map((m) => ({ ...m }))
  }

  clear(): void {
    this.#messages = []
  }

  get size(): number {
    return this.#messages.length
  }
}

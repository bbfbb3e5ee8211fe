interface Bucket {
  windowStart: number
  count: number
}

/** A fixed-window request counter per client IP. */
export class IpRateLimiter {
  readonly #buckets = new Map<string, Bucket>()
  readonly #max: number
  readonly #windowMs: number
  readonly #now: () => number

  constructor(limit: { max: number; windowMs: number }, now: () => number) {
    this.#max = limit.max
    this.#windowMs = limit.windowMs
    this.#now = now
  }

  /** Counts a request; returns 0 when allowed, else milliseconds until the window resets. */
  hit(ip: string): number {
    const now = this.#now()
    let bucket = this.#buckets.get(ip)
    if (bucket === undefined || now >= bucket.windowStart + this.#windowMs) {
      bucket = { windowStart: now, count: 0 }
      this.#buckets.set(ip, bucket)
    }
    if (bucket.count >= this.#max) return bucket.windowStart + this.#windowMs - now
    bucket.count += 1
    return 0
  }

  sweep(): void {
    const now = this.#now()
    for (const [ip, bucket] of this.#buckets) {
      if (now >= bucket.windowStart + this.#windowMs) this.#buckets.delete(ip)
    }
  }

  get size(): number {
    return this.#buckets.size
  }
}

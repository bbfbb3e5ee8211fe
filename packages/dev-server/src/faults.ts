import { apiError } from '@passage-otp/server'
import type { Context, MiddlewareHandler } from 'hono'
import { DEFAULTS } from './defaults'
import type { Faults } from './types'

/** Header that marks a dropped response when there is no socket to destroy (in-process use). */
export const DROP_MARKER = 'x-passage-otp-dropped'

const RATES = ['errorRate', 'malformedJsonRate', 'dropRate', 'rateLimitRate'] as const
const ERROR_STATUSES = [500, 502, 503] as const
const KNOWN = new Set<string>([...RATES, 'latencyMs', 'errorStatus', 'retryAfterSeconds'])

/** Validates faults (unknown keys and out-of-range values throw a TypeError); drops zeros. */
export function normalizeFaults(input: unknown): Faults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('faults: must be an object')
  }
  const record = input as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!KNOWN.has(key)) throw new TypeError(`faults: unknown field ${JSON.stringify(key)}`)
  }
  const faults: Faults = {}
  for (const name of RATES) {
    const value = record[name]
    if (value === undefined) continue
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new TypeError(`faults.${name}: must be a number from 0 to 1`)
    }
    if (value > 0) faults[name] = value
  }
  const latency = record.latencyMs
  if (latency !== undefined) {
    if (typeof latency !== 'number' || !(latency >= 0 && latency <= 600_000)) {
      throw new TypeError('faults.latencyMs: must be a number from 0 to 600000')
    }
    if (latency > 0) faults.latencyMs = latency
  }
  const status = record.errorStatus
  if (status !== undefined) {
    const known = ERROR_STATUSES.find((s) => s === status)
    if (known === undefined) throw new TypeError('faults.errorStatus: must be 500, 502 or 503')
    faults.errorStatus = known
  }
  const retry = record.retryAfterSeconds
  if (retry !== undefined) {
    // Number.isSafeInteger is false for anything that is not a number.
    if (!Number.isSafeInteger(retry) || (retry as number) < 0) {
      throw new TypeError('faults.retryAfterSeconds: must be an integer >= 0')
    }
    faults.retryAfterSeconds = retry as number
  }
  return faults
}

interface FaultDeps {
  faults: () => Faults
  random: () => number
}

/** Applies the current faults to a `/v1` request: latency, then drop, 5xx, 429, malformed. */
export function faultMiddleware(deps: FaultDeps): MiddlewareHandler {
  return async (c, next) => {
    const faults = deps.faults()
    const hit = (rate: number | undefined) => rate !== undefined && deps.random() < rate
    if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs))
    if (hit(faults.dropRate)) return drop(c)
    if (hit(faults.errorRate)) {
      const status = faults.errorStatus ?? DEFAULTS.faults.errorStatus
      return apiError(c, status, 'internal_server_error', `injected fault (${status}).`)
    }
    if (hit(faults.rateLimitRate)) {
      const seconds = faults.retryAfterSeconds ?? DEFAULTS.faults.retryAfterSeconds
      return apiError(c, 429, 'rate_limited', `injected rate limit; retry in ${seconds} s.`, {
        'Retry-After': String(seconds),
      })
    }
    const malformed = hit(faults.malformedJsonRate)
    await next()
    if (malformed) await truncateBody(c)
  }
}

function drop(c: Context): Response {
  const env: unknown = c.env
  // Behind @hono/node-server the env is the Node request and response; in process there is none.
  const socket = (env as { incoming: { socket: { destroy(): void } } } | undefined)?.incoming.socket
  socket?.destroy()
  return new Response(null, { status: 500, headers: { [DROP_MARKER]: '1' } })
}

/** Replaces the response with 200 and the first half of its JSON text (never valid JSON). */
async function truncateBody(c: Context): Promise<void> {
  const original = c.res
  const text = await original.text()
  const json = text.startsWith('{') ? text : '{"auth_result":{"auth_token":"'
  const headers = new Headers(original.headers)
  headers.delete('content-length')
  headers.set('content-type', 'application/json; charset=UTF-8')
  c.res = undefined
  c.res = new Response(json.slice(0, Math.max(1, Math.floor(json.length / 2))), {
    status: 200,
    headers,
  })
}

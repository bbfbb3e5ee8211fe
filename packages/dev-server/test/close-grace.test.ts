import { describe, expect, it, vi } from 'vitest'
import { createDevServer } from '../src/index'

// Real time: close() gives in-flight requests a one-second grace. Left out of mutation runs
// (see vitest.config.ts), whose instrumentation and load make real-time margins meaningless.
describe('createDevServer close()', () => {
  it('lets an in-flight request finish during close()', async () => {
    // The request is held 100 ms, well inside the 1 s grace close() gives it: a machine slowed
    // down by instrumentation or other builds still finishes it in time.
    const server = await createDevServer({ logger: false, faults: { latencyMs: 100 } })
    const inFlight = fetch(`${server.baseURL}/apps/demo/.well-known/jwks.json`)
    // Closes once the server holds the request (counted before the latency), however slow the
    // machine is: a fixed sleep could close before the request arrived.
    await vi.waitFor(() => expect(server.stats().requests).toBe(1), {
      timeout: 20_000,
      interval: 5,
    })
    await server.close()
    expect((await inFlight).status).toBe(200)
  })
})

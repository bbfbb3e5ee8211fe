/**
 * Polls `condition` until it returns true, checking every few milliseconds; rejects with
 * `what` after `timeoutMs`. For conditions outside an actor (a server's outbox, its stats).
 */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

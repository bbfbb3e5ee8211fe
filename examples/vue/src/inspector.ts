import { createBrowserInspector } from '@statelyai/inspect'

/**
 * Opens the Stately inspector. Passed as the flow's `inspect` option, whose redaction masks codes
 * and tokens (add `redact: { identifiers: true }` to hide emails and phone numbers too).
 */
export function connectInspector() {
  return createBrowserInspector().inspect
}

import { createOtpAuthActor, redactInspectionEvent } from '@passage-otp/core'
import { createBrowserInspector } from '@statelyai/inspect'
import type { InspectionEvent } from 'xstate'

// #region connect
const inspector = createBrowserInspector() // opens the inspector in a new window

const actor = createOtpAuthActor({
  appId: 'demo',
  baseURL: 'http://127.0.0.1:8787/v1',
  inspect: inspector.inspect, // sees codes and tokens as '[redacted]'
  redact: { identifiers: true }, // mask email addresses and phone numbers too
})
actor.start()
// #endregion connect

// #region wrap
/** Forwards inspection events to the Stately inspector with codes and tokens masked. */
export function redactedInspector(next: (event: InspectionEvent) => void) {
  return (event: InspectionEvent) => next(redactInspectionEvent(event))
}
// #endregion wrap

// #region console
/** Prints each transition of the flow (not of its requests), with the masked context. */
function consoleInspector(inspection: InspectionEvent) {
  if (inspection.type !== '@xstate.snapshot') return
  if (inspection.actorRef.sessionId !== inspection.rootId) return
  const { value, context } = inspection.snapshot as { value?: unknown; context?: unknown }
  console.info(`[passage-otp] ${inspection.event.type} → ${JSON.stringify(value)}`, context)
}

createOtpAuthActor({
  appId: 'demo',
  baseURL: 'http://127.0.0.1:8787/v1',
  inspect: consoleInspector, // masked like any inspector
}).start()
// #endregion console

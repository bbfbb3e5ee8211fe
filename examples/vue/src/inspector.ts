import { createBrowserInspector } from '@statelyai/inspect'
import type { InspectionEvent } from 'xstate'
import { redactInspectionEvent } from '../../shared/redact'

/** Opens the Stately inspector and forwards the flow to it without codes or tokens. */
export function connectInspector() {
  const inspector = createBrowserInspector()
  return (event: InspectionEvent) => inspector.inspect.next?.(redactInspectionEvent(event))
}

// `?inspect=console`: the flow's transitions in the browser console, for when the hosted Stately
// inspector cannot load (offline, or a network that blocks it). Import-free like the rest of this
// folder: the types below are the parts of XState's inspection events it reads.

/** The parts of an XState inspection event that the console inspector reads. */
export interface InspectedEvent {
  type: string
  rootId?: string
  actorRef?: { sessionId?: string }
  event?: { type?: string }
  snapshot?: { status?: string; value?: unknown; context?: unknown }
}

/** The state value as dotted paths: `awaitingCode.code.entering, awaitingCode.resend.ready`. */
export function stateText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value !== 'object' || value === null) return String(value)
  return Object.entries(value)
    .map(([key, child]) =>
      stateText(child)
        .split(', ')
        .map((path) => `${key}.${path}`)
        .join(', '),
    )
    .join(', ')
}

/** The first argument of each console line: what to filter the console by. */
export const CONSOLE_PREFIX = '[passage-otp]'

/**
 * An inspector for the flow's `inspect` option that prints each transition of the flow (not of
 * the requests it runs): `[passage-otp] code.submit → activating`, then the context. It sees what
 * every inspector sees: the events after the core's redaction, codes and tokens masked.
 */
export function createConsoleInspector(log: (...data: unknown[]) => void = console.info) {
  return (inspection: InspectedEvent) => {
    if (inspection.type !== '@xstate.snapshot') return
    if (inspection.actorRef?.sessionId !== inspection.rootId) return
    const { event, snapshot } = inspection
    log(
      `${CONSOLE_PREFIX} ${event?.type ?? '?'} → ${stateText(snapshot?.value)}`,
      snapshot?.context,
    )
  }
}

/**
 * The inspector for `?inspect` (the Stately one, loaded by `loadStately` so it stays out of the
 * main bundle) or `?inspect=console`; none without either.
 */
export async function inspectorFor<Stately>(
  mode: false | 'stately' | 'console',
  loadStately: () => Promise<Stately>,
) {
  if (mode === 'console') return createConsoleInspector()
  return mode === 'stately' ? loadStately() : undefined
}

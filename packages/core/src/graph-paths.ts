import type { AnyStateMachine, EventObject } from 'xstate'
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph'

/** One step of a generated path: the event, then the snapshot it led to. */
export interface GraphStep<TEvent, TSnapshot> {
  event: TEvent
  state: TSnapshot
}

export interface TransitionPathOptions<TEvent, TSnapshot> {
  input?: unknown
  /** Every event the paths may take. */
  events: TEvent[]
  /** What tells two snapshots apart: equal strings are one vertex of the graph. */
  serializeState: (snapshot: TSnapshot) => string
}

/**
 * For every reachable state and every event it accepts, the shortest path there plus that
 * event: every transition of the machine is taken, each at the end of its own path.
 */
export function getTransitionPaths<TEvent extends EventObject, TSnapshot>(
  machine: AnyStateMachine,
  options: TransitionPathOptions<TEvent, TSnapshot>,
): GraphStep<TEvent, TSnapshot>[][] {
  const serialize = (snapshot: unknown) => options.serializeState(snapshot as TSnapshot)
  const traversal = { input: options.input, events: options.events, serializeState: serialize }
  const shortest = new Map(
    getShortestPaths(machine, traversal).map((path) => [
      serialize(path.state),
      path.steps as GraphStep<TEvent, TSnapshot>[],
    ]),
  )
  return Object.entries(getAdjacencyMap(machine, traversal)).flatMap(
    ([vertex, { state, transitions }]) =>
      Object.values(transitions as Record<string, GraphStep<TEvent, TSnapshot>>)
        .filter((edge) => state.can(edge.event))
        .map((edge) => [...(shortest.get(vertex) ?? []), edge]),
  )
}

// Writes the statechart of `otpAuthMachine` as Mermaid (concepts/statechart.mmd) and as tables of
// states and transitions (concepts/statechart-tables.md), both read from the built machine, so
// the docs cannot drift from it. docs/test/statechart.test.ts fails when the files are stale.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { otpAuthMachine } from '@passage-otp/core'
import { toDirectedGraph } from 'xstate/graph'

export const REGENERATE = 'pnpm --filter @passage-otp/docs statechart'

export const outputFiles = {
  mermaid: fileURLToPath(new URL('../concepts/statechart.mmd', import.meta.url)),
  tables: fileURLToPath(new URL('../concepts/statechart-tables.md', import.meta.url)),
}

/** Mermaid id of a state node: its path joined with `_` (the root is the diagram itself). */
const nodeId = (stateNode) => stateNode.path.join('_')

/** `machine.state.path` without the machine's own id, as the docs name states. */
const statePath = (stateNode) => stateNode.path.join('.') || `(${stateNode.machine.id})`

function guardName(guard) {
  if (guard === undefined) return undefined
  if (typeof guard === 'string') return guard
  if (typeof guard === 'object' && typeof guard.type === 'string') return guard.type
  return 'inline guard'
}

function actionNames(actions) {
  return (actions ?? []).map((action) => {
    if (typeof action === 'string') return action
    if (typeof action === 'object' && action !== null && typeof action.type === 'string') {
      return action.type
    }
    return 'inline action'
  })
}

/** What starts a transition, as a person would say it. */
function trigger(transition) {
  const { eventType } = transition
  if (eventType === '') return 'always'
  if (eventType.startsWith('xstate.done.actor.')) {
    return `${eventType.slice('xstate.done.actor.'.length)} done`
  }
  if (eventType.startsWith('xstate.error.actor.')) {
    return `${eventType.slice('xstate.error.actor.'.length)} error`
  }
  if (eventType.startsWith('xstate.after.')) {
    const delay = typeof transition.delay === 'string' ? transition.delay : eventType.split('.')[2]
    return `after ${delay}`
  }
  return eventType
}

/**
 * Every transition of a state node, in the machine's order, with the event, the guard (or
 * `else` for the fallback after guarded alternatives) and the targets (none: it stays).
 */
function transitionsOf(stateNode) {
  const groups = [...stateNode.transitions.values()]
  if (stateNode.always?.length) groups.push(stateNode.always)
  return groups.flatMap((group) =>
    group.map((transition, index) => {
      const guard = guardName(transition.guard)
      const isElse = guard === undefined && index > 0 && group.length > 1
      return {
        source: stateNode,
        trigger: trigger(transition),
        guard: isElse ? 'else' : guard,
        targets: transition.target ?? [],
        actions: actionNames(transition.actions),
        description: transition.description,
      }
    }),
  )
}

function historyDefault(stateNode) {
  const target = stateNode.config.target
  if (typeof target !== 'string') return undefined
  return target.startsWith('#')
    ? stateNode.machine.getStateNodeById(target.slice(1))
    : stateNode.parent.states[target]
}

const label = (transition) =>
  `${transition.trigger}${transition.guard ? ` [${transition.guard}]` : ''}`.replace(/[;#:]/g, ' ')

/** Renders the machine as Mermaid `stateDiagram-v2`. */
export function renderMermaid(machine) {
  const graph = toDirectedGraph(machine)
  const lines = [
    `%% Generated from the machine by \`${REGENERATE}\`. Do not edit.`,
    'stateDiagram-v2',
  ]
  const edges = []

  function renderChildren(graphNode, indent) {
    const { stateNode } = graphNode
    const pad = '  '.repeat(indent)
    if (stateNode.type === 'parallel') {
      graphNode.children.forEach((child, index) => {
        if (index > 0) lines.push(`${pad}--`)
        renderNode(child, indent)
      })
      return
    }
    if (stateNode.initial?.target?.length) {
      for (const target of stateNode.initial.target) lines.push(`${pad}[*] --> ${nodeId(target)}`)
    }
    for (const child of graphNode.children) renderNode(child, indent)
  }

  function renderNode(graphNode, indent) {
    const { stateNode } = graphNode
    const pad = '  '.repeat(indent)
    const id = nodeId(stateNode)
    if (stateNode.type === 'history') {
      lines.push(`${pad}state "${stateNode.key} (history)" as ${id}`)
      const fallback = historyDefault(stateNode)
      if (fallback) edges.push(`${id} --> ${nodeId(fallback)} : no history yet`)
    } else if (graphNode.children.length > 0) {
      const kind = stateNode.type === 'parallel' ? ' (parallel)' : ''
      lines.push(`${pad}state "${stateNode.key}${kind}" as ${id} {`)
      renderChildren(graphNode, indent + 1)
      lines.push(`${pad}}`)
    } else {
      lines.push(`${pad}state "${stateNode.key}" as ${id}`)
    }
    if (stateNode.type === 'final') edges.push(`${id} --> [*]`)
    for (const transition of transitionsOf(stateNode)) {
      const targets = transition.targets.length > 0 ? transition.targets : [stateNode]
      for (const target of targets) edges.push(`${id} --> ${nodeId(target)} : ${label(transition)}`)
    }
  }

  renderChildren(graph, 1)
  // The root's own transitions (such as a reset) apply in every state.
  for (const transition of transitionsOf(graph.stateNode)) {
    for (const target of transition.targets) {
      const note = `${label(transition)} from any state goes to ${statePath(target)}`
      lines.push(`  note right of ${nodeId(target)} : ${note}`)
    }
  }
  for (const edge of edges) lines.push(`  ${edge}`)
  return `${lines.join('\n')}\n`
}

const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/\n/g, ' ')
const code = (text) => (text ? `\`${text}\`` : '')

/** Renders every state and every transition, with their descriptions, as Markdown tables. */
export function renderTables(machine) {
  const nodes = []
  const visit = (stateNode) => {
    nodes.push(stateNode)
    for (const child of Object.values(stateNode.states)) visit(child)
  }
  visit(machine.root)

  const stateRows = nodes.map((stateNode) => {
    const type =
      stateNode.type === 'history'
        ? `history → ${statePath(historyDefault(stateNode) ?? stateNode)}`
        : stateNode.type
    return `| ${code(statePath(stateNode))} | ${type} | ${cell(stateNode.description)} |`
  })
  const transitionRows = nodes.flatMap((stateNode) =>
    transitionsOf(stateNode).map((transition) => {
      const targets =
        transition.targets.length > 0
          ? transition.targets.map((target) => code(statePath(target))).join(', ')
          : '(stays)'
      return [
        code(statePath(stateNode)),
        code(transition.trigger),
        code(transition.guard),
        targets,
        transition.actions.map(code).join(', '),
        cell(transition.description),
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |')
    }),
  )
  return [
    `<!-- Generated from the machine by \`${REGENERATE}\`. Do not edit. -->`,
    '',
    '### States',
    '',
    '| state | type | description |',
    '| --- | --- | --- |',
    ...stateRows,
    '',
    '### Transitions',
    '',
    '| from | event | guard | to | actions | description |',
    '| --- | --- | --- | --- | --- | --- |',
    ...transitionRows,
    '',
  ].join('\n')
}

export function renderStatechart(machine = otpAuthMachine) {
  return { mermaid: renderMermaid(machine), tables: renderTables(machine) }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { mermaid, tables } = renderStatechart()
  writeFileSync(outputFiles.mermaid, mermaid)
  writeFileSync(outputFiles.tables, tables)
  console.info(`wrote ${outputFiles.mermaid} and ${outputFiles.tables}`)
}

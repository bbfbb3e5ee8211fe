// Writes the statechart of each machine in `charts` as Mermaid diagrams (concepts/<name>-diagrams.md:
// an overview, then one diagram per compound state, each readable in the docs' column) and as
// tables of states and transitions (concepts/<name>-tables.md), all read from the built machine,
// so the docs cannot drift from it. docs/test/statechart.test.ts fails when the files are stale.
// Another machine: add it to `charts` and include its two files in its page.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { otpAuthMachine, sessionMachine } from '@passage-otp/core'

export const REGENERATE = 'pnpm --filter @passage-otp/docs statechart'

/** The machines drawn in the docs; `name` names their files in concepts/. */
export const charts = [
  { name: 'statechart', machine: otpAuthMachine },
  { name: 'session-statechart', machine: sessionMachine },
]

/** Where a chart's diagrams and tables are written. */
export const outputFilesOf = (name) => ({
  diagrams: fileURLToPath(new URL(`../concepts/${name}-diagrams.md`, import.meta.url)),
  tables: fileURLToPath(new URL(`../concepts/${name}-tables.md`, import.meta.url)),
})

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

const label = (transition, separator = ' ') =>
  `${transition.trigger}${transition.guard ? `${separator}[${transition.guard}]` : ''}`.replace(
    /[;#:]/g,
    ' ',
  )

/** A label in a diagram: the guard on a line of its own keeps the diagram narrow. */
const diagramLabel = (transition) => label(transition, '<br/>')

/** The state's top-level ancestor (the state itself at the top level). */
const topLevelOf = (stateNode) => stateNode.machine.root.states[stateNode.path[0]]

const hasChildren = (stateNode) => Object.keys(stateNode.states).length > 0

/** Every transition of every state below the root, one edge per target (none: it stays). */
function edgesOf(machine) {
  const edges = []
  const visit = (stateNode) => {
    for (const transition of transitionsOf(stateNode)) {
      const targets = transition.targets.length > 0 ? transition.targets : [stateNode]
      for (const target of targets) {
        edges.push({
          source: stateNode,
          target,
          label: diagramLabel(transition),
          trigger: transition.trigger,
        })
      }
    }
    for (const child of Object.values(stateNode.states)) visit(child)
  }
  for (const child of Object.values(machine.root.states)) visit(child)
  return edges
}

/** Mermaid lines for edges: one arrow per pair of states, its labels one per line. */
function edgeLines(edges) {
  const arrows = new Map()
  for (const { from, to, label } of edges) {
    const arrow = `${nodeId(from)} --> ${nodeId(to)}`
    const labels = arrows.get(arrow) ?? []
    if (label && !labels.includes(label)) labels.push(label)
    arrows.set(arrow, labels)
  }
  return [...arrows].map(([arrow, labels]) =>
    labels.length > 0 ? `  ${arrow} : ${labels.join('<br/>')}` : `  ${arrow}`,
  )
}

const stateLine = (pad, stateNode, suffix = '') =>
  `${pad}state "${stateNode.key}${suffix}" as ${nodeId(stateNode)}`

const kindSuffix = (stateNode) => (stateNode.type === 'parallel' ? ' (parallel)' : '')

/**
 * The top-level states as boxes and the events between them (a transition inside a compound
 * state, and the guards, are drawn in that state's own diagram; the root's own transitions, from
 * any state, are left to the text).
 */
export function renderOverview(machine) {
  const lines = ['stateDiagram-v2']
  const root = machine.root
  for (const target of root.initial?.target ?? []) lines.push(`  [*] --> ${nodeId(target)}`)
  for (const stateNode of Object.values(root.states)) {
    lines.push(stateLine('  ', stateNode, kindSuffix(stateNode)))
  }
  const edges = edgesOf(machine)
    .map(({ source, target, trigger }) => ({
      from: topLevelOf(source),
      to: topLevelOf(target),
      label: trigger,
      internal: topLevelOf(source) === topLevelOf(target) && source !== topLevelOf(source),
    }))
    .filter((edge) => !edge.internal)
  for (const stateNode of Object.values(root.states)) {
    if (stateNode.type === 'final') edges.push({ from: stateNode, to: { path: ['[*]'] } })
  }
  return `${[...lines, ...edgeLines(edges)].join('\n')}\n`
}

/** The states a transition into `stateNode` enters: itself, or its initial states. */
function entered(stateNode) {
  if (stateNode.type === 'parallel') return Object.values(stateNode.states).flatMap(entered)
  const initial = stateNode.initial?.target ?? []
  return initial.length > 0 ? initial.flatMap(entered) : [stateNode]
}

const isAncestorOrSelf = (ancestor, stateNode) =>
  ancestor.path.every((key, index) => stateNode.path[index] === key)

/** `stateNode`, or its ancestor that sits next to `scope` (both below their nearest common one). */
function besideScope(stateNode, scope) {
  let depth = 0
  while (stateNode.path[depth] === scope.path[depth]) depth++
  return stateNode.path
    .slice(0, depth + 1)
    .reduce((parent, key) => parent.states[key], stateNode.machine.root)
}

/**
 * What happens inside one compound state (a parallel state's regions are drawn one by one): its
 * states without a box around them all (the box costs room), the transitions that start or end
 * inside it, and the states outside that they lead to or come from, as plain boxes. A
 * transition into the state goes to the states it enters; the state's own transitions (from any
 * state inside) are left to the text (`fromAnyState`).
 */
export function renderCompound(scope) {
  const lines = ['stateDiagram-v2']
  const within = (stateNode) => stateNode !== scope && isAncestorOrSelf(scope, stateNode)
  const edges = []
  const outside = new Set()

  function renderNode(stateNode, indent) {
    const pad = '  '.repeat(indent)
    if (stateNode.type === 'history') {
      lines.push(stateLine(pad, stateNode, ' (history)'))
      const fallback = historyDefault(stateNode)
      if (fallback) edges.push({ from: stateNode, to: fallback, label: 'no history yet' })
      return
    }
    if (!hasChildren(stateNode)) {
      lines.push(stateLine(pad, stateNode))
      return
    }
    lines.push(`${stateLine(pad, stateNode, kindSuffix(stateNode))} {`)
    renderChildren(stateNode, indent + 1)
    lines.push(`${pad}}`)
  }

  function renderChildren(stateNode, indent) {
    const pad = '  '.repeat(indent)
    const children = Object.values(stateNode.states)
    if (stateNode.type === 'parallel') {
      children.forEach((child, index) => {
        if (index > 0) lines.push(`${pad}--`)
        renderNode(child, indent)
      })
      return
    }
    for (const target of stateNode.initial?.target ?? []) {
      lines.push(`${pad}[*] --> ${nodeId(target)}`)
    }
    for (const child of children) renderNode(child, indent)
  }
  renderChildren(scope, 1)

  for (const { source, target, label } of edgesOf(scope.machine)) {
    if (isAncestorOrSelf(source, scope)) continue
    const targets = entered(target).filter((end) => within(end) || !isAncestorOrSelf(end, scope))
    if (!within(source) && !targets.some(within)) continue
    const from = within(source) ? source : besideScope(source, scope)
    for (const end of targets) {
      if (!within(source) && !within(end)) continue
      const to = within(end) ? end : besideScope(end, scope)
      for (const state of [from, to]) if (!within(state)) outside.add(state)
      edges.push({ from, to, label })
    }
  }
  for (const stateNode of outside) lines.push(stateLine('  ', stateNode))
  return `${[...lines, ...edgeLines(edges)].join('\n')}\n`
}

const fence = (mermaid) => ['```mermaid', mermaid.trimEnd(), '```']

/** "From every state of `x`: `event` → `y`." for the state's own transitions, if any. */
function fromAnyStateText(stateNode) {
  const moves = transitionsOf(stateNode)
    .filter((transition) => transition.targets.length > 0)
    .map((transition) => {
      const targets = transition.targets.map((target) => `\`${statePath(target)}\``)
      return `\`${label(transition)}\` → ${targets.join(' and ')}`
    })
  const where = stateNode.parent ? `every state of \`${statePath(stateNode)}\`` : 'any state'
  return moves.length > 0 ? [`From ${where}: ${moves.join('; ')}.`] : []
}

/** A heading, the state's description, its diagram (or its regions'), what leaves it from anywhere. */
function compoundSection(stateNode, level) {
  const lines = ['', `${'#'.repeat(level)} \`${statePath(stateNode)}\``, '']
  if (stateNode.description) lines.push(cell(stateNode.description), '')
  lines.push(...fromAnyStateText(stateNode))
  if (stateNode.type === 'parallel') {
    if (lines.at(-1) !== '') lines.push('')
    lines.push('Its regions run side by side:')
    for (const region of Object.values(stateNode.states)) {
      lines.push(...compoundSection(region, level + 1))
    }
    return lines
  }
  if (lines.at(-1) !== '') lines.push('')
  lines.push(...fence(renderCompound(stateNode)))
  return lines
}

/**
 * The machine as Markdown: an overview of the top-level states, then one diagram per top-level
 * compound state (per region for a parallel state), each small enough to read in the column.
 */
export function renderDiagrams(machine) {
  const compounds = Object.values(machine.root.states).filter(hasChildren)
  const names = compounds.map((stateNode) => `\`${stateNode.key}\``)
  const lines = [
    `<!-- Generated from the machine by \`${REGENERATE}\`. Do not edit. -->`,
    '',
    '### Overview',
    '',
    `The top-level states and the events between them. ${listed(names)} ${
      names.length === 1 ? 'has states' : 'have states'
    } of ${names.length === 1 ? 'its' : 'their'} own, drawn below with the guards.`,
    ...fromAnyStateText(machine.root).flatMap((text) => ['', text]),
    '',
    ...fence(renderOverview(machine)),
  ]
  for (const compound of compounds) lines.push(...compoundSection(compound, 3))
  return `${lines.join('\n')}\n`
}

const listed = (items) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`

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

export function renderStatechart(machine) {
  return { diagrams: renderDiagrams(machine), tables: renderTables(machine) }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { name, machine } of charts) {
    const rendered = renderStatechart(machine)
    const files = outputFilesOf(name)
    for (const key of ['diagrams', 'tables']) writeFileSync(files[key], rendered[key])
    console.info(`wrote ${files.diagrams} and ${files.tables}`)
  }
}

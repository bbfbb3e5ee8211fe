// Tables 3 and 4: HTTP requests the dev server saw per completed flow, and React renders / Vue
// updates per flow, for each binding with double submits, StrictMode and remounts.
import { mountCore, mountReact, mountVue } from './drivers.mjs'
import { FlowFailure, floorFlow } from './flows.mjs'

let unique = 0
const newUser = (label) => `new-${label}-${process.pid}-${++unique}@example.com`

/** Flow kinds: who logs in, with which intent, and the fewest requests any client needs. */
const kinds = {
  login: { label: 'login', intent: 'login', user: () => 'ada@example.com', minimum: 2 },
  register: { label: 'register', intent: 'register', user: () => newUser('register'), minimum: 2 },
  autoExisting: {
    label: 'sign-up-or-in, existing user',
    intent: 'auto',
    user: () => 'grace@example.com',
    minimum: 2,
  },
  autoNew: {
    label: 'sign-up-or-in, new user',
    intent: 'auto',
    user: () => newUser('auto'),
    minimum: 3,
  },
}

const core = { name: 'core actor', mount: (server) => mountCore(server) }
const react = { name: 'React', mount: (server) => mountReact(server) }
const reactStrict = {
  name: 'React StrictMode',
  mount: (server) => mountReact(server, { strict: true }),
}
const reactProvider = {
  name: 'React StrictMode, `OtpAuthProvider`',
  mount: (server) => mountReact(server, { strict: true, remount: 'provider' }),
}
const reactActivity = {
  name: 'React StrictMode, `<Activity>`',
  mount: (server) => mountReact(server, { strict: true, remount: 'activity' }),
}
const reactProviderActivity = {
  name: 'React StrictMode, `OtpAuthProvider` > `<Activity>`',
  mount: (server) => mountReact(server, { strict: true, remount: 'provider-activity' }),
}
const vue = { name: 'Vue', mount: (server) => mountVue(server) }
const vueProvider = {
  name: 'Vue, `provideOtpAuth`',
  mount: (server) => mountVue(server, { remount: 'provider' }),
}

export const scenarios = [
  { binding: core, kind: kinds.login },
  { binding: core, kind: kinds.register },
  { binding: core, kind: kinds.autoExisting },
  { binding: core, kind: kinds.autoNew },
  { binding: core, kind: kinds.login, double: true },
  { binding: core, kind: kinds.autoNew, double: true },
  { binding: react, kind: kinds.login },
  { binding: react, kind: kinds.autoNew },
  { binding: reactStrict, kind: kinds.login },
  { binding: reactStrict, kind: kinds.register },
  { binding: reactStrict, kind: kinds.autoNew },
  { binding: reactStrict, kind: kinds.login, double: true },
  { binding: reactStrict, kind: kinds.autoNew, double: true },
  { binding: reactProvider, kind: kinds.login, remounts: 'screens' },
  { binding: reactProvider, kind: kinds.login, remounts: 'requests' },
  { binding: reactProvider, kind: kinds.autoNew, double: true, remounts: 'screens' },
  { binding: reactActivity, kind: kinds.login, remounts: 'screens' },
  { binding: reactActivity, kind: kinds.login, remounts: 'requests' },
  { binding: reactProviderActivity, kind: kinds.login, remounts: 'requests' },
  { binding: vue, kind: kinds.login },
  { binding: vue, kind: kinds.autoNew },
  { binding: vue, kind: kinds.login, double: true },
  { binding: vueProvider, kind: kinds.login, remounts: 'screens' },
  { binding: vueProvider, kind: kinds.login, remounts: 'requests' },
  { binding: vueProvider, kind: kinds.autoNew, double: true, remounts: 'screens' },
]

/**
 * One complete flow. With `double`, every submit is sent twice in the same tick (a double
 * click). With `remounts: 'screens'`, the screen is remounted on each screen: before the
 * identifier is sent, once the code arrived and once verified. With `remounts: 'requests'`, it
 * is remounted right after each submit, while the request is in flight.
 */
async function runFlow(server, { binding, kind, double, remounts }) {
  const times = double ? 2 : 1
  const identifier = kind.user()
  const screen = await binding.mount(server)
  try {
    const onScreen = remounts === 'screens' ? () => screen.remount() : () => {}
    const inFlight = remounts === 'requests' ? () => screen.remount() : () => {}
    await screen.waitFor('idle')
    await onScreen()
    screen.submitIdentifier(identifier, kind.intent, times)
    await inFlight()
    await screen.waitFor('awaitingCode')
    await onScreen()
    await screen.waitFor('awaitingCode')
    screen.submitCode(await server.latestCode(identifier), times)
    await inFlight()
    await screen.waitFor('authenticated')
    await onScreen()
    await screen.waitFor('authenticated')
    return { ...screen.counters }
  } finally {
    screen.unmount()
  }
}

/** A flow that failed is a result; anything else (a module that did not load…) stops the run. */
function onlyFlowFailures(error) {
  if (!(error instanceof FlowFailure)) throw error
}

/** Mean of a counter over the completed flows; undefined where the binding has no such counter. */
function average(list, key) {
  if (list.length === 0 || list[0][key] === undefined) return undefined
  return list.reduce((total, item) => total + item[key], 0) / list.length
}

export async function measureScenarios(server, { flows, warmup = true }) {
  const results = []
  for (const scenario of scenarios) {
    if (warmup) await runFlow(server, scenario).catch(onlyFlowFailures) // loads modules, compiles
    const before = await server.requests()
    const counters = []
    const failures = []
    for (let i = 0; i < flows; i++) {
      try {
        counters.push(await runFlow(server, scenario))
      } catch (error) {
        onlyFlowFailures(error)
        failures.push(error.message)
      }
    }
    const requests = (await server.requests()) - before
    const completed = counters.length
    results.push({
      binding: scenario.binding.name,
      flow: scenario.kind.label,
      double: Boolean(scenario.double),
      remounts: scenario.remounts ?? null,
      flows,
      completed,
      failures: failures.length ? [...new Set(failures)].join('; ') : null,
      requestsPerFlow: requests / flows,
      minimum: scenario.kind.minimum,
      commitsPerFlow: average(counters, 'commits'),
      rendersPerFlow: average(counters, 'renders'),
      updatesPerFlow: average(counters, 'updates'),
    })
  }
  const floor = []
  for (const kind of Object.values(kinds)) {
    const before = await server.requests()
    for (let i = 0; i < flows; i++) {
      const identifier = kind.user()
      await floorFlow(server, identifier, kind.intent)
    }
    floor.push({ flow: kind.label, requestsPerFlow: ((await server.requests()) - before) / flows })
  }
  return { flows, warmup, scenarios: results, floor }
}

const remountLabels = {
  screens: 'remount on each screen',
  requests: 'remount during each request',
}

const how = (result) =>
  [result.double && 'double submits', remountLabels[result.remounts]].filter(Boolean).join(', ') ||
  '—'

const perFlow = (value) =>
  value === undefined ? '' : Number.isInteger(value) ? String(value) : value.toFixed(2)

export function requestsTable(measured) {
  const floorFor = (flow) => measured.floor.find((row) => row.flow === flow)?.requestsPerFlow
  return {
    id: 'requests',
    title: '3. HTTP requests per completed flow (seen by the dev server)',
    columns: [
      { key: 'binding', label: 'binding' },
      { key: 'flow', label: 'flow' },
      { key: 'how', label: 'with' },
      { key: 'ours', label: 'ours', align: 'right' },
      { key: 'floor', label: 'floor', align: 'right' },
      { key: 'extra', label: 'extra', align: 'right' },
      { key: 'completed', label: 'completed', align: 'right' },
    ],
    rows: measured.scenarios.map((result) => {
      const floor = floorFor(result.flow)
      return {
        binding: result.binding,
        flow: result.flow,
        how: how(result),
        ours: perFlow(result.requestsPerFlow),
        floor: perFlow(floor),
        extra: result.completed === result.flows ? perFlow(result.requestsPerFlow - floor) : '—',
        completed: `${result.completed}/${result.flows}`,
      }
    }),
    notes: [
      `${measured.flows} flow(s) per row${measured.warmup ? ' (after one warm-up flow)' : ''}, counted with \`GET /__dev/stats\` before and after; requests are divided by all flows of the row.`,
      ...measured.scenarios
        .filter((result) => result.failures)
        .map(
          (result) =>
            `Failed (${result.binding}, ${result.flow}, ${how(result)}): ${result.failures}`,
        ),
      'Floor: the hand-written fetch client measured on the same server (2 requests, 3 for sign-up-or-in of a new user); it has no guard, so a double submit with it would send twice.',
      'Double submits: each submit sent twice in the same tick (two clicks). Remount on each screen: before sending, once the code arrived, once verified. Remount during each request: right after each submit, while its request is in flight.',
      'Provider rows remount the child that calls `useOtpAuthContext()` / `injectOtpAuth()` (a new key); `<Activity>` rows hide the component that calls `useOtpAuth()` (`mode="hidden"`) and show it again, which unmounts and remounts its effects; `OtpAuthProvider` > `<Activity>` hides and shows the `useOtpAuthContext()` child below the provider.',
    ],
  }
}

export function rendersTable(measured) {
  const ui = measured.scenarios.filter((result) => result.binding !== 'core actor')
  return {
    id: 'renders',
    title: '4. React renders and Vue component updates per complete flow',
    columns: [
      { key: 'binding', label: 'binding' },
      { key: 'flow', label: 'flow' },
      { key: 'how', label: 'with' },
      { key: 'commits', label: 'React commits', align: 'right' },
      { key: 'renders', label: 'component renders', align: 'right' },
      { key: 'updates', label: 'Vue updates', align: 'right' },
    ],
    rows: ui.map((result) => ({
      binding: result.binding,
      flow: result.flow,
      how: how(result),
      commits: perFlow(result.commitsPerFlow),
      renders: perFlow(result.rendersPerFlow),
      updates: perFlow(result.updatesPerFlow),
    })),
    notes: [
      'React commits: `<Profiler>` `onRender` calls, the first mount included. Component renders: calls of the component that holds the flow (StrictMode calls it twice per render in development builds).',
      'Vue updates: `onUpdated` calls of the component that holds the flow (the mount not included); component renders: its render function calls, the mount included.',
      'A login flow has five screens: idle (the mount), requesting, awaitingCode, activating and authenticated; sign-up-or-in of a new user passes through requesting twice (login, then register).',
      'Remount rows also count the renders and commits that the remounts cause.',
    ],
  }
}

// Drivers that run one flow through each binding: the core actor, React (useOtpAuth, optionally
// in StrictMode or under OtpAuthProvider with a remounting child) and Vue. Each mount returns
// `{ submitIdentifier, submitCode, waitFor, remount?, unmount, counters }`.
import { createOtpAuthActor } from '@passage-otp/core'
import { click, createContainer, installDom, typeInto, waitForRenderedStep } from './dom.mjs'
import { waitForStep } from './flows.mjs'

/** The core actor, driven by events as a screen without a framework would. */
export function mountCore(server) {
  const actor = createOtpAuthActor({ appId: server.appId, baseURL: server.baseURL })
  actor.start()
  return {
    counters: {},
    submitIdentifier(identifier, intent, times) {
      for (let i = 0; i < times; i++) actor.send({ type: 'identifier.submit', identifier, intent })
    },
    submitCode(code, times) {
      for (let i = 0; i < times; i++) actor.send({ type: 'code.submit', code })
    },
    waitFor: (step) => waitForStep(actor, step),
    unmount: () => actor.stop(),
  }
}

let react
async function loadReact() {
  installDom()
  react ??= {
    React: await import('react'),
    client: await import('react-dom/client'),
    adapter: await import('@passage-otp/react'),
  }
  return react
}

let vue
async function loadVue() {
  installDom()
  vue ??= { Vue: await import('vue'), adapter: await import('@passage-otp/vue') }
  return vue
}

/** The screen both frameworks render: the step, two buttons, a code input, the countdown. */
function screenChildren(h, view) {
  return [
    h('output', { 'data-step': view.step, 'data-error': view.error?.kind ?? '' }, view.step),
    h('button', { id: 'send', type: 'button', onClick: view.onSend }, 'Send code'),
    h('input', { id: 'code', autoComplete: 'one-time-code' }),
    h('button', { id: 'verify', type: 'button', onClick: view.onVerify }, 'Verify'),
    h('span', null, String(view.secondsUntilResend)),
  ]
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

// React components of the harness. Each mount passes its own `harness` object: options, the
// current inputs, counters and the setters that `remount()` uses.

function ReactScreen({ harness, otp }) {
  const { h } = harness
  return h(
    'div',
    null,
    ...screenChildren(h, {
      step: otp.step,
      error: otp.error,
      secondsUntilResend: otp.secondsUntilResend,
      onSend: () =>
        otp.submitIdentifier(harness.inputs.identifier, { intent: harness.inputs.intent }),
      onVerify: () => otp.submitCode(harness.container.querySelector('#code').value),
    }),
  )
}

/**
 * Marks the moment the flow's own effects (which start the actor) ran: React commits the first
 * render before it runs passive effects, and a click in between would reach an actor not started.
 */
function useEffectsRan(harness) {
  harness.React.useEffect(() => {
    harness.effectsRan = true
  }, [harness])
}

function OwnFlow({ harness }) {
  harness.counters.renders++
  const otp = harness.adapter.useOtpAuth(harness.options)
  useEffectsRan(harness)
  return harness.h(ReactScreen, { harness, otp })
}

function ContextFlow({ harness }) {
  harness.counters.renders++
  const otp = harness.adapter.useOtpAuthContext()
  return harness.h(ReactScreen, { harness, otp })
}

function WithProvider({ harness }) {
  const { h, adapter } = harness
  const [key, setKey] = harness.React.useState(0)
  harness.setChildKey = setKey
  useEffectsRan(harness)
  return h(adapter.OtpAuthProvider, { options: harness.options }, h(ContextFlow, { key, harness }))
}

function WithProviderAndActivity({ harness }) {
  const { h, React, adapter } = harness
  const [mode, setMode] = React.useState('visible')
  harness.setActivityMode = setMode
  useEffectsRan(harness)
  return h(
    adapter.OtpAuthProvider,
    { options: harness.options },
    h(React.Activity, { mode }, h(ContextFlow, { harness })),
  )
}

function WithActivity({ harness }) {
  const { h, React } = harness
  const [mode, setMode] = React.useState('visible')
  harness.setActivityMode = setMode
  return h(React.Activity, { mode }, h(OwnFlow, { harness }))
}

/**
 * React. `strict` wraps the tree in `<StrictMode>`. `remount` picks what `remount()` does:
 * `'provider'` keeps the flow in `<OtpAuthProvider>` and remounts the `useOtpAuthContext()` child
 * (a new key); `'activity'` hides the `useOtpAuth()` component with `<Activity mode="hidden">` and
 * shows it again, which unmounts and remounts its effects like StrictMode does;
 * `'provider-activity'` hides and shows the `useOtpAuthContext()` child the same way, while the
 * provider above `<Activity>` keeps the flow.
 */
export async function mountReact(server, { strict = false, remount } = {}) {
  const { React, client, adapter } = await loadReact()
  const h = React.createElement
  const harness = {
    React,
    h,
    adapter,
    options: { appId: server.appId, baseURL: server.baseURL },
    counters: { commits: 0, renders: 0 },
    container: createContainer(),
    inputs: { identifier: '', intent: 'login' },
    effectsRan: false,
  }
  const { counters, container } = harness

  const untilCommitted = async (update) => {
    const commits = counters.commits
    update()
    while (counters.commits === commits) await nextTurn()
  }
  const remounts = {
    async provider() {
      await untilCommitted(() => harness.setChildKey((key) => key + 1))
    },
    async activity() {
      await untilCommitted(() => harness.setActivityMode('hidden'))
      harness.effectsRan = false
      await untilCommitted(() => harness.setActivityMode('visible'))
      while (!harness.effectsRan) await nextTurn()
    },
    async 'provider-activity'() {
      await untilCommitted(() => harness.setActivityMode('hidden'))
      await untilCommitted(() => harness.setActivityMode('visible'))
    },
  }

  const onRender = () => {
    counters.commits++
  }
  const flows = {
    provider: WithProvider,
    activity: WithActivity,
    'provider-activity': WithProviderAndActivity,
  }
  const flow = flows[remount] ?? OwnFlow
  const tree = h(React.Profiler, { id: 'flow', onRender }, h(flow, { harness }))
  const root = client.createRoot(container)
  root.render(strict ? h(React.StrictMode, null, tree) : tree)
  return {
    counters,
    submitIdentifier(identifier, intent, times) {
      harness.inputs = { identifier, intent }
      click(container, '#send', times)
    },
    submitCode(code, times) {
      typeInto(container, '#code', code)
      click(container, '#verify', times)
    },
    async waitFor(step) {
      await waitForRenderedStep(container, step)
      while (!harness.effectsRan) await nextTurn()
    },
    remount: remounts[remount],
    unmount() {
      root.unmount()
      container.remove()
    },
  }
}

/** Vue: `useOtpAuth` in a component, or `provideOtpAuth` with a remountable `injectOtpAuth` child. */
export async function mountVue(server, { remount } = {}) {
  const provider = remount === 'provider'
  const { Vue, adapter } = await loadVue()
  const { h } = Vue
  const options = { appId: server.appId, baseURL: server.baseURL }
  const counters = { updates: 0, renders: 0 }
  const container = createContainer()
  const inputs = { identifier: '', intent: 'login' }
  const childKey = Vue.ref(0)

  const screen = (otp) => () => {
    counters.renders++
    return h(
      'div',
      null,
      screenChildren(h, {
        step: otp.step.value,
        error: otp.error.value,
        secondsUntilResend: otp.secondsUntilResend.value,
        onSend: () => otp.submitIdentifier(inputs.identifier, { intent: inputs.intent }),
        onVerify: () => otp.submitCode(container.querySelector('#code').value),
      }),
    )
  }
  const countUpdates = () =>
    Vue.onUpdated(() => {
      counters.updates++
    })
  const OwnFlow = Vue.defineComponent({
    setup() {
      countUpdates()
      // biome-ignore lint/correctness/useHookAtTopLevel: a Vue composable inside setup()
      return screen(adapter.useOtpAuth(options))
    },
  })
  const ContextFlow = Vue.defineComponent({
    setup() {
      countUpdates()
      return screen(adapter.injectOtpAuth())
    },
  })
  const WithProvider = Vue.defineComponent({
    setup() {
      adapter.provideOtpAuth(options)
      return () => h(ContextFlow, { key: childKey.value })
    },
  })

  const app = Vue.createApp(provider ? WithProvider : OwnFlow)
  app.mount(container)
  return {
    counters,
    submitIdentifier(identifier, intent, times) {
      inputs.identifier = identifier
      inputs.intent = intent
      click(container, '#send', times)
    },
    submitCode(code, times) {
      typeInto(container, '#code', code)
      click(container, '#verify', times)
    },
    waitFor: (step) => waitForRenderedStep(container, step),
    remount: provider
      ? async () => {
          childKey.value++
          await Vue.nextTick()
        }
      : undefined,
    unmount() {
      app.unmount()
      container.remove()
    },
  }
}

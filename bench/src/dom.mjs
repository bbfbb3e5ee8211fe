// A happy-dom window as the global DOM, for rendering the React and Vue adapters in Node.
// Only DOM names are installed; Node's own fetch, timers, events and AbortSignal stay.
import { Window } from 'happy-dom'
import { FlowFailure } from './flows.mjs'

const names = [
  'window',
  'document',
  'navigator',
  'Node',
  'Element',
  'HTMLElement',
  'HTMLInputElement',
  'HTMLButtonElement',
  'HTMLIFrameElement',
  'SVGElement',
  'Text',
  'Comment',
  'DocumentFragment',
  'MutationObserver',
  'getComputedStyle',
  'requestAnimationFrame',
  'cancelAnimationFrame',
]

let installed

/** Installs the globals once; import React DOM and Vue only after this. */
export function installDom() {
  if (installed) return installed
  const window = new Window({ url: 'http://127.0.0.1/' })
  for (const name of names) {
    const value = name === 'window' ? window : window[name]
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true })
  }
  installed = window
  return window
}

/** A fresh container in the document body. */
export function createContainer() {
  const container = document.createElement('div')
  document.body.appendChild(container)
  return container
}

/**
 * Waits (event loop turn by turn, no fixed sleep) until the rendered `<output>` shows `step`.
 * Fails at once if the flow lands in `error`, and after `timeoutMs` otherwise.
 */
export async function waitForRenderedStep(container, step, timeoutMs = 10_000) {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const shown = container.querySelector('output')?.getAttribute('data-step')
    if (shown === step) return
    if (shown === 'error') {
      const kind = container.querySelector('output')?.getAttribute('data-error')
      throw new FlowFailure(`The flow failed (${kind}) while waiting for ${step}.`)
    }
    if (performance.now() > deadline)
      throw new FlowFailure(`Timed out waiting for ${step} (at ${shown}).`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

export function click(container, selector, times = 1) {
  const button = container.querySelector(selector)
  for (let i = 0; i < times; i++) button.click()
}

export function typeInto(container, selector, value) {
  container.querySelector(selector).value = value
}

import { type RenderOptions, render } from '@testing-library/react'
import { type ReactElement, StrictMode } from 'react'
import { describe } from 'vitest'

export type ReactMode = 'normal' | 'strict'

export interface ReactModeSuite {
  mode: ReactMode
  /** Testing Library's `render`, inside `<StrictMode>` in strict mode. */
  render(ui: ReactElement, options?: RenderOptions): ReturnType<typeof render>
}

/**
 * Runs a suite twice: in normal mode and under `<StrictMode>`, where React renders twice and
 * mounts, unmounts and remounts every effect.
 */
export function describeEachReactMode(name: string, suite: (context: ReactModeSuite) => void) {
  describe(name, () => {
    describe('normal mode', () =>
      suite({ mode: 'normal', render: (ui, options) => render(ui, options) }))
    describe('StrictMode', () =>
      suite({
        mode: 'strict',
        render: (ui, options) => render(<StrictMode>{ui}</StrictMode>, options),
      }))
  })
}

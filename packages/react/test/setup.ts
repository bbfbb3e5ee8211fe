import { afterEach } from 'vitest'

// Vitest runs without globals, so Testing Library cannot register its cleanup itself. Files in
// the node environment (server rendering) never load it.
afterEach(async () => {
  if (typeof document === 'undefined') return
  const { cleanup } = await import('@testing-library/react')
  cleanup()
})

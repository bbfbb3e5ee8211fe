import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // A new PGlite data directory runs initdb in WebAssembly: seconds on a busy machine.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
})

import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds both examples and serves them; the browser tests read their URLs with inject().
    globalSetup: ['./setup/examples.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

import { defineConfig } from 'vitest/config'

// The built docs site in the browser: `pnpm docs:build` first, then `pnpm test:docs` here.
export default defineConfig({
  test: {
    include: ['docs/**/*.test.ts'],
    globalSetup: ['./setup/docs.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

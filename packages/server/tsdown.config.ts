import { defineConfig } from 'tsdown'

export default defineConfig([
  { entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true, platform: 'node' },
  { entry: ['src/cli.ts'], format: ['esm'], dts: false, platform: 'node' },
])

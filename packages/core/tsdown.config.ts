import { defineConfig } from 'tsdown'
import { describedModule, guardDescriptions } from './build/descriptions.mjs'

export default defineConfig({
  entry: ['src/index.ts', 'src/testing.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  fixedExtension: true,
  platform: 'neutral',
  sourcemap: false,
  plugins: [
    {
      // The machines' descriptions in development builds only: see build/descriptions.mjs.
      name: 'development-only-descriptions',
      transform(code: string, id: string) {
        return describedModule.test(id) ? guardDescriptions(code) : null
      },
    },
  ],
})

import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts'],
  external: ['vue', '@xstate/vue', '@passage-otp/core', 'xstate'],
  format: ['esm', 'cjs'],
  dts: true,
  fixedExtension: true,
  platform: 'neutral',
})

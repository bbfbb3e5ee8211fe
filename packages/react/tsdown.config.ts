import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: ['src/index.ts'],
  external: ['react', 'react/jsx-runtime', '@xstate/react', '@passage-otp/core', 'xstate'],
  format: ['esm', 'cjs'],
  dts: true,
  fixedExtension: true,
  platform: 'neutral',
})

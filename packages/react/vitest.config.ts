import { defineConfig } from 'vitest/config'

// The React 18 project runs the same tests with `react` and `react-dom` aliased to the
// `react-18` / `react-dom-18` dev dependencies. An alias only reaches code that Vite transforms,
// and React DOM, Testing Library and @xstate/react are CommonJS or load React through
// CommonJS, so they are pre-bundled by the dependency optimizer (which applies the aliases) and
// the bundles are inlined, instead of being loaded by Node, which would find React 19.
const react18Aliases = [
  { find: /^react$/, replacement: 'react-18' },
  { find: /^react\/(.*)$/, replacement: 'react-18/$1' },
  { find: /^react-dom$/, replacement: 'react-dom-18' },
  { find: /^react-dom\/(.*)$/, replacement: 'react-dom-18/$1' },
]

const react18Bundles = {
  enabled: true,
  include: [
    'react-18',
    'react-18/jsx-runtime',
    'react-18/jsx-dev-runtime',
    'react-dom-18',
    'react-dom-18/client',
    'react-dom-18/server',
    'react-dom-18/server.browser',
    'react-dom-18/test-utils',
    '@testing-library/react',
    '@xstate/react',
  ],
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    setupFiles: ['test/setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'react-19', env: { EXPECTED_REACT_MAJOR: '19' } },
      },
      {
        extends: true,
        resolve: { alias: react18Aliases },
        test: {
          name: 'react-18',
          env: { EXPECTED_REACT_MAJOR: '18' },
          server: { deps: { inline: [/[\\/]node_modules[\\/]\.vite[\\/]/] } },
          deps: {
            optimizer: {
              client: react18Bundles,
              // Bundle for the server like for the browser, so a CommonJS `require('react')` in
              // a bundle imports the aliased React 18 instead of asking Node for `react`.
              ssr: { ...react18Bundles, rolldownOptions: { platform: 'browser' } },
            },
          },
        },
      },
    ],
  },
})

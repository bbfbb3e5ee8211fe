import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { DefaultTheme } from 'vitepress'
import { withMermaid } from 'vitepress-plugin-mermaid'

// Written by typedoc (`pnpm --filter @passage-otp/docs build` runs it first).
const apiSidebarFile = fileURLToPath(new URL('../api/typedoc-sidebar.json', import.meta.url))
const apiSidebar: DefaultTheme.SidebarItem[] = existsSync(apiSidebarFile)
  ? JSON.parse(readFileSync(apiSidebarFile, 'utf8'))
  : []

export default withMermaid({
  title: 'passage-otp',
  description:
    'Headless one-time-passcode login and sign-up on one XState machine, for React, Vue and more.',
  cleanUrls: true,
  head: [
    ['link', { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }],
    ['link', { rel: 'icon', href: '/favicon.ico', sizes: '32x32' }],
  ],
  lastUpdated: false,
  // Generated statechart parts, included by the pages that show them.
  srcExclude: [
    'README.md',
    'concepts/*-diagrams.md',
    'concepts/*-tables.md',
    'snippets/**',
    'test/**',
  ],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Statechart', link: '/concepts/machine' },
      { text: 'Errors', link: '/reference/errors' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: [
      {
        text: 'Introduction',
        items: [
          { text: 'Getting started', link: '/guide/getting-started' },
          { text: 'The machine', link: '/concepts/machine' },
          { text: 'The UI', link: '/concepts/ui' },
        ],
      },
      {
        text: 'Guides',
        items: [
          { text: 'React', link: '/guide/react' },
          { text: 'Vue', link: '/guide/vue' },
          { text: 'The dev server', link: '/guide/dev-server' },
          { text: 'Self-hosting the server', link: '/guide/self-hosting' },
          { text: 'Reload-proof flows', link: '/guide/persistence' },
          { text: 'Sessions', link: '/guide/sessions' },
          { text: 'SMS autofill', link: '/guide/sms-autofill' },
          { text: 'Stately inspector', link: '/guide/inspector' },
          { text: 'Testing your UI', link: '/guide/testing' },
        ],
      },
      {
        text: 'Recipes',
        items: [
          { text: 'Sign up or in', link: '/recipes/sign-up-or-in' },
          { text: 'SSR: Next.js and Nuxt', link: '/recipes/ssr' },
          { text: 'React Native', link: '/recipes/react-native' },
          { text: 'Another backend', link: '/recipes/custom-backend' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'Errors', link: '/reference/errors' },
          { text: 'Performance', link: '/performance' },
          { text: 'API', link: '/api/', collapsed: true, items: apiSidebar },
        ],
      },
    ],
    search: { provider: 'local' },
    outline: { level: [2, 3] },
  },
  mermaid: { securityLevel: 'strict' },
  // Not `mermaid`: the bundle would also pick up the rendered diagram as source on page load.
  mermaidPlugin: { class: 'mermaid-diagram' },
  vite: {
    resolve: {
      // Mermaid's prebuilt browser bundle: its package entry pulls in langium, whose
      // vscode-jsonrpc deep imports Vite cannot resolve.
      alias: [{ find: /^mermaid$/, replacement: 'mermaid/dist/mermaid.esm.min.mjs' }],
    },
  },
})

// `pnpm size`: the budgets of .size-limit.json, each measured in a production build, as an app's
// bundler makes it: `process.env.NODE_ENV` is `production`, so the machine's descriptions (for
// the inspector and the statechart, development only) are left out. esbuild also defines it when
// it minifies everything, as size-limit does; defining it here keeps that from being an accident.
import { readFileSync } from 'node:fs'

const budgets = JSON.parse(readFileSync(new URL('./.size-limit.json', import.meta.url), 'utf8'))

const production = (config) => ({
  ...config,
  define: { ...config.define, 'process.env.NODE_ENV': '"production"' },
})

export default budgets.map((check) => ({ ...check, modifyEsbuildConfig: production }))

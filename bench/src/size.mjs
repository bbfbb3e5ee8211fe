// Table 1: bundle size of an email-OTP flow (start + verify), ours against the SDKs people pick
// instead. Every entry is bundled in this run with the same esbuild options, then compressed
// with Node's zlib (gzip level 9, brotli quality 11).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { describedModule, guardDescriptions } from '../../packages/core/build/descriptions.mjs'
import { kB, ratio } from './format.mjs'

const here = (path) => fileURLToPath(new URL(path, import.meta.url))
const benchDir = here('..')
const coreSource = here('../../packages/core/src/index.ts')

/**
 * The options of `esbuild --bundle --minify --format=esm --platform=browser`. Minifying, esbuild
 * defines `process.env.NODE_ENV` as `production`: every row is a production build.
 */
export const esbuildOptions = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  metafile: true,
  logLevel: 'silent',
  absWorkingDir: benchDir,
}

export const sizeEntries = [
  {
    id: 'ours-core',
    name: 'ours: core flow, production build',
    packages: ['@passage-otp/core', 'xstate', 'ofetch'],
    api: '`createOtpAuthActor` + `identifier.submit` / `code.submit`',
    ours: true,
  },
  {
    id: 'ours-core',
    variant: 'development',
    name: 'ours: core flow, development build',
    packages: ['@passage-otp/core', 'xstate', 'ofetch'],
    api: 'the same, `NODE_ENV=development`: with the machine’s descriptions',
    define: { 'process.env.NODE_ENV': '"development"' },
    ours: true,
  },
  {
    id: 'ours-react',
    name: 'ours: core + React adapter',
    packages: ['@passage-otp/react', '@xstate/react'],
    api: '`useOtpAuth` (`react` external)',
    external: ['react', 'react/*', 'react-dom', 'react-dom/*'],
    ours: true,
  },
  {
    id: 'ours-vue',
    name: 'ours: core + Vue adapter',
    packages: ['@passage-otp/vue', '@xstate/vue'],
    api: '`useOtpAuth` (`vue` external)',
    external: ['vue'],
    ours: true,
  },
  {
    id: 'passage-js',
    name: 'Passage JS',
    packages: ['@passageidentity/passage-js'],
    api: '`oneTimePasscode.login` / `register` / `activate`',
  },
  {
    id: 'stytch-headless',
    name: 'Stytch headless',
    packages: ['@stytch/vanilla-js'],
    api: '`/headless`: `otps.email.loginOrCreate` + `otps.authenticate`',
  },
  {
    id: 'supabase',
    name: 'Supabase Auth',
    packages: ['@supabase/auth-js'],
    api: '`signInWithOtp` + `verifyOtp`',
  },
  {
    id: 'descope',
    name: 'Descope',
    packages: ['@descope/web-js-sdk'],
    api: '`otp.signUpOrIn.email` + `otp.verify.email`',
  },
  {
    id: 'auth0',
    name: 'Auth0',
    packages: ['auth0-js'],
    api: '`WebAuth.passwordlessStart` + `passwordlessLogin`',
  },
  {
    id: 'hanko',
    name: 'Hanko',
    packages: ['@teamhanko/hanko-frontend-sdk'],
    api: 'FlowAPI: `createState("login")`, `continue_with_login_identifier`, `verify_passcode`',
  },
  {
    id: 'floor',
    name: 'floor: two hand-written `fetch` calls',
    packages: [],
    api: 'no state, validation, cancellation or timeout',
  },
]

/** The version installed for the bench (pinned in bench/package.json or by the workspace). */
function versionOf(name) {
  const candidates = [
    `${benchDir}/node_modules/${name}/package.json`,
    here(`../../packages/core/node_modules/${name}/package.json`),
    here(`../../packages/react/node_modules/${name}/package.json`),
    here(`../../packages/vue/node_modules/${name}/package.json`),
  ]
  for (const path of candidates) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')).version
    } catch {}
  }
  return '?'
}

function compress(bytes) {
  return {
    minified: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  }
}

async function bundle(entryPoint, options = {}) {
  const result = await build({ ...esbuildOptions, entryPoints: [entryPoint], ...options })
  const [output] = result.outputFiles
  const [meta] = Object.values(result.metafile.outputs)
  return { ...compress(output.contents), inputs: meta.inputs, warnings: result.warnings.length }
}

/** Which package (or which of our source files) an esbuild input path belongs to. */
function ownerOf(path) {
  const inModules = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/)
  if (inModules) return inModules[1]
  const ours = path.match(/packages\/([^/]+)\/(?:src|dist)\/(.+)$/)
  if (ours)
    return `@passage-otp/${ours[1]} ${ours[2].startsWith('selectors-') ? '(shared chunk)' : ours[2]}`
  return 'bench entry'
}

function breakdown(inputs) {
  const groups = new Map()
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const owner = ownerOf(path)
    groups.set(owner, (groups.get(owner) ?? 0) + bytesInOutput)
  }
  return [...groups].map(([owner, bytes]) => ({ owner, bytes })).sort((a, b) => b.bytes - a.bytes)
}

/** esbuild plugin: the core's sources as its build publishes them (descriptions in development). */
const asPublished = {
  name: 'core-as-published',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: describedModule }, (args) => ({
      contents: guardDescriptions(readFileSync(args.path, 'utf8')),
      loader: 'ts',
    }))
  },
}

/** esbuild plugin: the core without redaction, as if the `inspect` option were gone. */
const withoutRedaction = {
  name: 'core-without-redaction',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]core[\\/]src[\\/]redact\.ts$/ }, () => ({
      contents:
        'export const REDACTED = "", redactInspector = (inspect) => inspect, redactInspectionEvent = (event) => event',
      loader: 'ts',
    }))
  },
}

export async function measureSizes() {
  const coreFromSource = { '@passage-otp/core': coreSource }
  const fetchClient = { ...coreFromSource, ofetch: here('what-if/ofetch-as-fetch.js') }
  const published = [asPublished]
  const whatIfs = [
    {
      id: 'xstate-ofetch',
      name: 'reference: xstate + ofetch alone (what the core imports from them, no machine)',
      entry: 'src/what-if/xstate-ofetch.js',
    },
    {
      id: 'development',
      name: 'development build (the machine’s `description` strings kept)',
      options: {
        alias: coreFromSource,
        plugins: published,
        define: { 'process.env.NODE_ENV': '"development"' },
      },
    },
    {
      id: 'no-redaction',
      name: 'core flow without inspector redaction (no `inspect` option)',
      options: { alias: coreFromSource, plugins: [withoutRedaction, ...published] },
    },
    {
      id: 'fetch-client',
      name: 'core flow with the client on plain `fetch` instead of ofetch',
      options: { alias: fetchClient, plugins: published },
    },
    {
      id: 'both',
      name: 'both cuts: no redaction, plain `fetch`',
      options: { alias: fetchClient, plugins: [withoutRedaction, ...published] },
    },
  ]
  // esbuild runs the builds side by side; each result is the same as when built alone.
  const [entries, source, whatIf] = await Promise.all([
    Promise.all(
      sizeEntries.map(async (entry) => ({
        ...entry,
        versions: entry.packages.map((name) => `${name}@${versionOf(name)}`).join(', '),
        ...(await bundle(`src/entries/${entry.id}.js`, {
          external: entry.external ?? [],
          ...(entry.define ? { define: entry.define } : {}),
        })),
      })),
    ),
    // The core flow built from the TypeScript sources, so the metafile names each file.
    bundle('src/entries/ours-core.js', { alias: coreFromSource, plugins: published }),
    Promise.all(
      whatIfs.map(async ({ id, name, entry, options }) => ({
        id,
        name,
        ...(await bundle(entry ?? 'src/entries/ours-core.js', options)),
      })),
    ),
  ])
  return {
    entries,
    ours: entries.find((entry) => entry.id === 'ours-core' && !entry.variant),
    source: { ...source, breakdown: breakdown(source.inputs) },
    whatIf,
  }
}

const withoutInputs = ({ inputs, ...rest }) => rest

export function sizeJson(sizes) {
  return {
    entries: sizes.entries.map(({ inputs, external, packages, define, ...rest }) => ({
      ...rest,
      breakdown: rest.ours ? breakdown(inputs) : undefined,
    })),
    coreFromSource: { ...withoutInputs(sizes.source) },
    whatIf: sizes.whatIf.map(withoutInputs),
  }
}

const bytes = (count) => count.toLocaleString('en-US')

/** Minified bytes of our own code in a build from source. */
const ownBytes = (source) =>
  source.breakdown
    .filter(({ owner }) => owner.startsWith('@passage-otp/core '))
    .reduce((sum, { bytes: count }) => sum + count, 0)

/** Groups of the metafile breakdown: third-party packages, then each of our files. */
function contributorRows(source) {
  const total = source.minified
  const groups = new Map()
  const add = (name, count) => groups.set(name, (groups.get(name) ?? 0) + count)
  for (const { owner, bytes: count } of source.breakdown) {
    if (owner === 'xstate') add('xstate', count)
    else if (['ofetch', 'ufo', 'destr'].includes(owner)) add('ofetch + ufo + destr', count)
    else if (owner.startsWith('@passage-otp/core ')) {
      const file = owner.slice('@passage-otp/core '.length)
      add(count >= total / 100 ? `our code: ${file}` : 'our code: other files', count)
    } else add(owner, count)
  }
  return [...groups]
    .filter(([, count]) => count > 0)
    .map(([name, count]) => ({
      name,
      minified: bytes(count),
      share: `${((count / total) * 100).toFixed(1)} %`,
      gzipEstimate: `≈ ${bytes(Math.round((count / total) * source.gzip))}`,
    }))
}

export function sizeTables(sizes) {
  const base = sizes.ours.gzip
  const row = (entry) => ({
    name: entry.name,
    version: entry.ours
      ? entry.versions
          .split(', ')
          .filter((version) => !version.startsWith('@passage-otp'))
          .join(', ')
      : entry.versions.replace(/^.*@/, '') || '—',
    api: entry.api,
    minified: bytes(entry.minified),
    gzip: bytes(entry.gzip),
    brotli: bytes(entry.brotli),
    gzipKB: kB(entry.gzip),
    vsOurs: ratio(entry.gzip, base),
  })
  const ours = sizes.entries.filter((entry) => entry.ours)
  const floor = sizes.entries.filter((entry) => entry.id === 'floor')
  const others = sizes.entries
    .filter((entry) => !entry.ours && entry.id !== 'floor')
    .sort((a, b) => a.gzip - b.gzip)
  const smaller = others.filter((entry) => entry.gzip < base)
  const whatIfRows = [
    { name: 'core flow, built from source', ...sizes.source },
    ...sizes.whatIf,
  ].map((entry) => ({
    name: entry.name,
    minified: bytes(entry.minified),
    gzip: bytes(entry.gzip),
    brotli: bytes(entry.brotli),
    saved: entry.id && entry.id !== 'xstate-ofetch' ? bytes(sizes.source.gzip - entry.gzip) : '',
    vsOurs: ratio(entry.gzip, base),
  }))
  return [
    {
      id: 'size',
      title: '1. Bundle size of an email-OTP flow (start + verify), bytes',
      columns: [
        { key: 'name', label: 'SDK' },
        { key: 'version', label: 'version' },
        { key: 'minified', label: 'min', align: 'right' },
        { key: 'gzip', label: 'min+gzip', align: 'right' },
        { key: 'brotli', label: 'min+brotli', align: 'right' },
        { key: 'gzipKB', label: 'gzip', align: 'right' },
        { key: 'vsOurs', label: 'gzip ÷ ours (core)', align: 'right' },
        { key: 'api', label: 'what the entry calls' },
      ],
      rows: [...ours, ...others, ...floor].map(row),
      notes: [
        '`esbuild --bundle --minify --format=esm --platform=browser` (`react` / `vue` external for the adapter rows only); gzip level 9 and brotli quality 11 with Node zlib.',
        'Each entry only sends a code and verifies it, imported the way the SDK documents it; nothing is run. Bytes an SDK fetches at run time (iframes, scripts from a CDN) are not counted.',
        smaller.length
          ? `Smaller than ours (core): ${smaller.map((entry) => `${entry.name} ${kB(entry.gzip)}`).join(', ')}; tables 1b and 1c show what costs the bytes and what could go.`
          : 'Ours (core) is the smallest SDK in this table.',
      ],
    },
    {
      id: 'size-breakdown',
      title: '1b. What costs the bytes in ours (core flow, esbuild metafile), bytes',
      columns: [
        { key: 'name', label: 'contributor' },
        { key: 'minified', label: 'min', align: 'right' },
        { key: 'share', label: 'share', align: 'right' },
        { key: 'gzipEstimate', label: 'gzip, pro rata', align: 'right' },
      ],
      rows: contributorRows(sizes.source),
      notes: [
        `Built from the core’s TypeScript sources so each file is named: ${bytes(sizes.source.minified)} min, ${bytes(sizes.source.gzip)} gzip (the published build: ${bytes(sizes.ours.minified)} min, ${bytes(sizes.ours.gzip)} gzip).`,
        'Gzip per contributor is its share of the minified bytes applied to the whole gzip size: an estimate, as gzip is not additive.',
        `Our code in all: ${bytes(ownBytes(sizes.source))} min, ≈ ${bytes(Math.round((ownBytes(sizes.source) / sizes.source.minified) * sizes.source.gzip))} gzip pro rata.`,
        'A production build (`process.env.NODE_ENV` is `production`): the machine’s descriptions are left out, as the core’s build publishes them.',
      ],
    },
    {
      id: 'size-what-if',
      title: '1c. What could still be cut (measured), bytes',
      columns: [
        { key: 'name', label: 'variant' },
        { key: 'minified', label: 'min', align: 'right' },
        { key: 'gzip', label: 'min+gzip', align: 'right' },
        { key: 'brotli', label: 'min+brotli', align: 'right' },
        { key: 'saved', label: 'gzip saved', align: 'right' },
        { key: 'vsOurs', label: 'gzip ÷ ours (core)', align: 'right' },
      ],
      rows: whatIfRows,
      notes: [
        'The development build keeps the descriptions for the inspector and the generated diagram; a production build leaves them out (negative: what they cost).',
        'Without redaction, the flow would have no `inspect` option: an inspector attached to the flow is always behind redaction, so it goes with it.',
        'The fetch variant does what the client uses ofetch for (JSON body, query string, text response, abort signal) on the platform fetch: the client turns off retries and parsing and builds its own URLs.',
      ],
    },
  ]
}

import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const string = String.raw`'(?:[^'\\]|\\.)*'`
const property = new RegExp(
  String.raw`\bdescription:\s*(${string}(?:\s*\+\s*${string})*)\s*,?`,
  'g',
)
const strip = {
  name: 'p',
  setup(b) {
    b.onLoad({ filter: /machine\.ts$/ }, (a) => ({
      contents: readFileSync(a.path, 'utf8').replace(property, ''),
      loader: 'ts',
    }))
  },
}
const entry = process.argv[2] ?? 'src/entries/ours-core.js'
const r = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  metafile: true,
  absWorkingDir: process.cwd(),
  alias: { '@passage-otp/core': '/work/wt/size/packages/core/src/index.ts' },
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [strip],
})
const out = r.outputFiles[0].contents
const [meta] = Object.values(r.metafile.outputs)
const g = {}
for (const [p, { bytesInOutput }] of Object.entries(meta.inputs)) {
  const k = p.includes('node_modules')
    ? p.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/)[1]
    : p.replace(/.*\//, '')
  g[k] = (g[k] ?? 0) + bytesInOutput
}
const gz = gzipSync(out, { level: 9 }).length
const ours = Object.entries(g)
  .filter(([k]) => k.endsWith('.ts'))
  .reduce((s, [, v]) => s + v, 0)
console.log(out.length, gz, 'ours min', ours, 'pro rata', Math.round((ours / out.length) * gz), g)
if (process.argv[3]) (await import('node:fs')).writeFileSync(process.argv[3], out)

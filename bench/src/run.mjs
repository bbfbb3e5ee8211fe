// `pnpm bench`: four tables in one run on one machine — bundle size, flow overhead, requests per
// flow, renders per flow — printed, and written as JSON and Markdown.
//   node src/run.mjs            full run, writes results/latest.json and results/latest.md
//   node src/run.mjs --smoke    few iterations, all tables, writes results/tmp/smoke.*
//   --only=size,overhead,flows  some sections only, full iterations, writes results/tmp/partial.*
// A full run also refreshes the tables between the bench markers of docs/performance.md.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startDevServer } from './dev-server.mjs'
import { toMarkdown, toText } from './format.mjs'
import { measureOverhead, overheadTable } from './overhead.mjs'
import { measureScenarios, rendersTable, requestsTable } from './scenarios.mjs'
import { measureSizes, sizeJson, sizeTables } from './size.mjs'

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
})
const sections = new Set((values.only ?? 'size,overhead,flows').split(','))
const settings = values.smoke
  ? {
      overhead: { flows: 20, warmup: 5, machineFlows: 100 },
      scenarios: { flows: 1, warmup: false },
    }
  : {
      overhead: { flows: 1000, warmup: 100, machineFlows: 5000 },
      scenarios: { flows: 20, warmup: true },
    }

// Only a full run of every section replaces the committed results (and the docs tables).
const isFullRun = !values.smoke && !values.only
const resultsDir = fileURLToPath(
  new URL(isFullRun ? '../results/' : '../results/tmp/', import.meta.url),
)
const baseName = isFullRun ? 'latest' : values.smoke ? 'smoke' : 'partial'

/** The commit measured, and whether the packages differ from it. */
function gitCommit() {
  const git = (...args) =>
    execFileSync('git', args, {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      encoding: 'utf8',
      stdio: 'pipe',
    }).trim()
  try {
    const commit = git('rev-parse', '--short', 'HEAD')
    const dirty = git('status', '--porcelain', '--', ':/packages')
    return dirty ? `${commit} (packages modified)` : commit
  } catch {
    return 'unknown'
  }
}

const started = performance.now()
const cpuList = cpus()
const meta = {
  date: new Date().toISOString(),
  mode: values.smoke ? 'smoke' : 'full',
  command: values.smoke ? 'pnpm --filter @passage-otp/bench bench --smoke' : 'pnpm bench',
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpu: `${cpuList.length} × ${cpuList[0]?.model.trim() ?? 'unknown'}`,
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  loadAtStart: loadavg()[0].toFixed(1),
  commit: gitCommit(),
  settings,
}

const results = { meta }
meta.sectionSeconds = {}
let sectionStart = performance.now()
const lap = (name) => {
  const now = performance.now()
  meta.sectionSeconds[name] = Math.round((now - sectionStart) / 100) / 10
  sectionStart = now
}
const tables = []
const show = (table) => {
  tables.push(table)
  console.log(`\n${toText(table)}`)
}

console.log(`passage-otp bench (${meta.mode}) — ${meta.date}, Node ${meta.node}, ${meta.cpu}`)

if (sections.has('size')) {
  const sizes = await measureSizes()
  results.size = sizeJson(sizes)
  for (const table of sizeTables(sizes)) show(table)
  lap('size')
}

if (sections.has('overhead') || sections.has('flows')) {
  const server = await startDevServer()
  try {
    if (sections.has('overhead')) {
      results.overhead = await measureOverhead(server, settings.overhead)
      show(overheadTable(results.overhead))
      lap('overhead')
    }
    if (sections.has('flows')) {
      results.flows = await measureScenarios(server, settings.scenarios)
      show(requestsTable(results.flows))
      show(rendersTable(results.flows))
      lap('flows')
    }
  } finally {
    await server.close()
  }
}

meta.seconds = Math.round((performance.now() - started) / 100) / 10
meta.loadAtEnd = loadavg()[0].toFixed(1)
results.tables = tables

const about = [
  `- date: ${meta.date}`,
  `- machine: ${meta.cpu}, ${meta.memory}, ${meta.platform}`,
  `- Node: ${meta.node}`,
  `- load (1-minute average, other processes included): ${meta.loadAtStart} at the start, ${meta.loadAtEnd} at the end`,
  `- command: \`${meta.command}\``,
  `- commit: ${meta.commit}`,
  `- duration: ${meta.seconds} s (${Object.entries(meta.sectionSeconds)
    .map(([name, seconds]) => `${name} ${seconds} s`)
    .join(', ')})`,
]
const markdown = [
  `# passage-otp bench: ${meta.mode} run`,
  '',
  ...about,
  '',
  ...tables.flatMap((table) => [toMarkdown(table, '##'), '']),
].join('\n')

/** A full run of every section also refreshes the tables between the markers of the docs page. */
function updateDocs() {
  const page = fileURLToPath(new URL('../../docs/performance.md', import.meta.url))
  const start = '<!-- bench:start -->'
  const end = '<!-- bench:end -->'
  let text
  try {
    text = readFileSync(page, 'utf8')
  } catch {
    return
  }
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from === -1 || to < from) return
  const region = [
    '',
    '',
    ...about,
    '',
    ...tables.flatMap((table) => [toMarkdown(table, '###'), '']),
    '',
  ]
  writeFileSync(page, `${text.slice(0, from + start.length)}${region.join('\n')}${text.slice(to)}`)
  console.log(`Updated the tables in ${page}.`)
}

mkdirSync(resultsDir, { recursive: true })
writeFileSync(`${resultsDir}${baseName}.json`, `${JSON.stringify(results, null, 2)}\n`)
writeFileSync(`${resultsDir}${baseName}.md`, markdown)
console.log(
  `\nWrote ${resultsDir}${baseName}.json and .md in ${meta.seconds} s (${JSON.stringify(meta.sectionSeconds)}).`,
)
if (isFullRun) updateDocs()

// `pnpm dev`: the dev server and both examples in one process, with one banner.
// Flags: --resend-cooldown SECONDS, --help (`pnpm dev --resend-cooldown 5`).
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { createDevServer } from '@passage-otp/dev-server'

const HOST = '127.0.0.1'
const API_PORT = 8787
const examples = [
  { name: 'React example', dir: 'react', port: 5173 },
  { name: 'Vue example', dir: 'vue', port: 5174 },
]

const usage = `Usage: pnpm dev [--resend-cooldown SECONDS]

Starts the Passage-compatible dev server on http://${HOST}:${API_PORT} and the React and Vue
examples on ports 5173 and 5174.

  --resend-cooldown SECONDS  seconds before a new code may be sent (default 30); the
                             examples count down the same
  -h, --help                 show this help
`

function readOptions() {
  const { values } = parseArgs({
    options: {
      'resend-cooldown': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    process.stdout.write(usage)
    process.exit(0)
  }
  const raw = values['resend-cooldown'] ?? '30'
  const resendCooldown = Number(raw)
  if (!Number.isInteger(resendCooldown) || resendCooldown < 0) {
    process.stderr.write(`dev: --resend-cooldown must be a whole number of seconds, got "${raw}"\n`)
    process.exit(2)
  }
  return { resendCooldown }
}

/** Vite as the examples depend on it (the workspace root does not). */
async function importVite() {
  const require = createRequire(new URL('./react/package.json', import.meta.url))
  return import(pathToFileURL(require.resolve('vite')).href)
}

async function main() {
  const { resendCooldown } = readOptions()
  const closers = []
  let stopping = false
  const stop = async (code) => {
    if (stopping) process.exit(1)
    stopping = true
    await Promise.allSettled(closers.reverse().map((close) => close()))
    process.exit(code)
  }
  process.on('SIGINT', () => stop(0))
  process.on('SIGTERM', () => stop(0))

  try {
    const api = await createDevServer({
      host: HOST,
      port: API_PORT,
      resendCooldownSeconds: resendCooldown,
    })
    closers.push(() => api.close())

    // What the examples read from import.meta.env: this server and its cooldown.
    process.env.VITE_PASSAGE_BASE_URL = api.baseURL
    process.env.VITE_PASSAGE_APP_ID = api.appId
    process.env.VITE_PASSAGE_RESEND_COOLDOWN = String(resendCooldown)

    const { createServer } = await importVite()
    const urls = []
    for (const example of examples) {
      const server = await createServer({
        root: fileURLToPath(new URL(`./${example.dir}/`, import.meta.url)),
        clearScreen: false,
        server: { host: HOST, port: example.port, strictPort: true },
      })
      closers.push(() => server.close())
      await server.listen()
      urls.push([example.name, server.resolvedUrls?.local[0] ?? `http://${HOST}:${example.port}/`])
    }

    const pad = (label) => `  ${label.padEnd(16)}`
    console.log(
      [
        '',
        'passage-otp dev: everything is up',
        '',
        ...urls.map(([name, url]) => `${pad(name)}${url}`),
        `${pad('API base URL')}${api.baseURL}   (app id: ${api.appId})`,
        `${pad('Codes')}printed below as "[passage-otp] email to …: 123456"`,
        `${pad('')}and in the inbox ${api.url}/__dev/inbox`,
        `${pad('Resend cooldown')}${resendCooldown} s (change with --resend-cooldown N)`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    )
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`dev: could not start: ${message}\n`)
    if (/EADDRINUSE|already in use/i.test(message)) {
      process.stderr.write(`dev: ports ${API_PORT}, 5173 and 5174 must be free.\n`)
    }
    await stop(1)
  }
}

main()

// `pnpm dev`: builds the packages (showing the build's output only when it fails), then runs the
// dev server and both examples in one process, with one banner. `pnpm dev --help` lists the flags.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const HOST = '127.0.0.1'
const require = createRequire(import.meta.url)

/** What `pnpm dev` starts, in order, each on a port of its own. */
const services = [
  { id: 'api', name: 'dev server', flag: 'api-port', defaultPort: 8787 },
  { id: 'react', name: 'React example', flag: 'react-port', defaultPort: 5173, dir: 'react' },
  { id: 'vue', name: 'Vue example', flag: 'vue-port', defaultPort: 5174, dir: 'vue' },
]
const [apiService, ...exampleServices] = services

const usage = `Usage: pnpm dev [flags]

Builds the packages, then starts the Passage-compatible dev server and the React and Vue
examples, and prints their URLs.

  --api-port PORT            the dev server's port (default 8787)
  --react-port PORT          the React example's port (default 5173)
  --vue-port PORT            the Vue example's port (default 5174)
  --resend-cooldown SECONDS  seconds before a new code may be sent (default 30); the
                             examples count down the same
  --no-build                 start without building the packages first (the last build)
  -h, --help                 show this help
`

class UsageError extends Error {}

/** The options of a command line, or `{ help: true }`; a bad flag throws a `UsageError`. */
function readOptions(args) {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      options: {
        ...Object.fromEntries(services.map(({ flag }) => [flag, { type: 'string' }])),
        'resend-cooldown': { type: 'string' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    throw new UsageError(error.message)
  }
  if (values.help) return { help: true }

  const wholeNumber = (flag, fallback, min, max, unit) => {
    const raw = values[flag] ?? String(fallback)
    const value = Number(raw)
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      throw new UsageError(`--${flag} must be ${unit}, got "${raw}"`)
    }
    return value
  }
  const ports = Object.fromEntries(
    services.map(({ id, flag, defaultPort }) => [
      id,
      wholeNumber(flag, defaultPort, 1, 65535, 'a port number from 1 to 65535'),
    ]),
  )
  const taken = new Map()
  for (const { id, flag } of services) {
    const other = taken.get(ports[id])
    if (other)
      throw new UsageError(`--${flag} and --${other} are both ${ports[id]}: pick two ports`)
    taken.set(ports[id], flag)
  }
  const seconds = 'a whole number of seconds'
  return {
    help: false,
    ports,
    resendCooldown: wholeNumber('resend-cooldown', 30, 0, Number.MAX_SAFE_INTEGER, seconds),
    build: !values['no-build'],
  }
}

/** Builds the packages with turbo, quietly: its output is shown only when the build fails. */
function buildPackages() {
  process.stdout.write('dev: building the packages…\n')
  const turbo = require.resolve('turbo/bin/turbo')
  const args = [turbo, 'run', 'build', '--filter=./packages/*']
  const root = fileURLToPath(new URL('../', import.meta.url))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    const output = []
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) return resolve()
      process.stderr.write(Buffer.concat(output))
      reject(new Error(`the build failed (exit code ${code}); its output is above`))
    })
  })
}

/** Vite as the examples depend on it (the workspace root does not). */
async function importVite() {
  const fromExample = createRequire(new URL('./react/package.json', import.meta.url))
  return import(pathToFileURL(fromExample.resolve('vite')).href)
}

/** Which service could not start, and how to move it elsewhere when its port is taken. */
function explainStartFailure(service, port, error) {
  const message = error instanceof Error ? error.message : String(error)
  const lines = [`dev: could not start the ${service.name}: ${message}`]
  if (/EADDRINUSE|already in use/i.test(message)) {
    lines.push(
      `dev: port ${port} is in use. Stop what uses it, or pick another port: ` +
        `pnpm dev --${service.flag} ${port === 65535 ? port - 1 : port + 1}`,
    )
  }
  return `${lines.join('\n')}\n`
}

async function main() {
  let options
  try {
    options = readOptions(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`dev: ${error.message}\nRun \`pnpm dev --help\` for the flags.\n`)
    process.exit(2)
  }
  if (options.help) {
    process.stdout.write(usage)
    return
  }
  const { ports, resendCooldown } = options

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

  if (options.build) {
    try {
      await buildPackages()
    } catch (error) {
      process.stderr.write(`dev: ${error.message}\n`)
      process.exit(1)
    }
  }

  /** Starts one service on its port; a failure names it and the port. */
  const start = async (service, listen) => {
    try {
      return await listen(ports[service.id])
    } catch (error) {
      process.stderr.write(explainStartFailure(service, ports[service.id], error))
      await stop(1)
    }
  }

  // Imported after the build: the dev server runs from its built files.
  const { createDevServer } = await import('@passage-otp/dev-server')
  const api = await start(apiService, (port) =>
    createDevServer({ host: HOST, port, resendCooldownSeconds: resendCooldown }),
  )
  closers.push(() => api.close())

  // What the examples read from import.meta.env: this server and its cooldown.
  process.env.VITE_PASSAGE_BASE_URL = api.baseURL
  process.env.VITE_PASSAGE_APP_ID = api.appId
  process.env.VITE_PASSAGE_RESEND_COOLDOWN = String(resendCooldown)

  const { createServer } = await importVite()
  const urls = []
  for (const example of exampleServices) {
    const url = await start(example, async (port) => {
      const server = await createServer({
        root: fileURLToPath(new URL(`./${example.dir}/`, import.meta.url)),
        clearScreen: false,
        server: { host: HOST, port, strictPort: true },
      })
      closers.push(() => server.close())
      await server.listen()
      return server.resolvedUrls?.local[0] ?? `http://${HOST}:${port}/`
    })
    urls.push([example.name, url])
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
      `${pad('Ports')}change with --api-port, --react-port, --vue-port`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  )
}

main()

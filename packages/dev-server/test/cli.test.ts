import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseCliArgs } from '../src/cli-args'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'dist', 'cli.mjs')

/** Builds dist/ when it is missing or older than any source file. */
function ensureBuilt(): void {
  const built = (() => {
    try {
      return statSync(cli).mtimeMs
    } catch {
      return 0
    }
  })()
  const src = join(root, 'src')
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
  const newest = Math.max(...files.map((f) => statSync(join(src, f)).mtimeMs))
  if (built < newest) execFileSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'ignore' })
}

beforeAll(ensureBuilt, 120_000)

const FLAGS = [
  'port',
  'host',
  'app-id',
  'code-ttl',
  'max-attempts',
  'resend-cooldown',
  'ip-rate-limit',
  'retry-after-format',
  'auth-token-ttl',
  'refresh-token-ttl',
  'redirect-url',
  'user',
  'latency',
  'error-rate',
  'error-status',
  'malformed-json-rate',
  'drop-rate',
  'rate-limit-rate',
  'fault-retry-after',
  'quiet',
  'help',
]

interface Running {
  child: ChildProcess
  url: string
  output: () => string
  exit: Promise<number | null>
}

function run(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line in: ${output}`)), 10_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve({ child, url: match[1], output: () => output, exit })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    void exit.then((code) => reject(new Error(`exited ${code}: ${output}`)))
  })
}

describe('CLI', () => {
  it('has a shebang and runs from dist', () => {
    expect(execFileSync('head', ['-c', '20', cli]).toString()).toBe('#!/usr/bin/env node\n')
  })

  it('--port 0 prints the real URL, baseURL, app id and inbox; SIGTERM exits 0', async () => {
    const server = await run(['--port', '0', '--quiet', '--user', 'ada@example.com'])
    const port = Number(new URL(server.url).port)
    expect(port).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const banner = server.output()
    expect(banner).toContain(`${server.url}/v1`)
    expect(banner).toContain('demo')
    expect(banner).toContain(`${server.url}/__dev/inbox`)
    const response = await fetch(`${server.url}/v1/apps/demo/login/otp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: 'ada@example.com' }),
    })
    expect(response.status).toBe(200)
    const outbox = (await (await fetch(`${server.url}/__dev/outbox`)).json()) as {
      messages: Array<{ code: string }>
    }
    const code = outbox.messages[0]?.code ?? 'missing'
    server.child.kill('SIGTERM')
    expect(await server.exit).toBe(0)
    expect(server.output()).not.toContain(code)
    expect(server.output()).toContain('shutting down')
  })

  it('prints codes without --quiet and applies flags; SIGINT exits 0', async () => {
    const server = await run([
      '--port',
      '0',
      '--app-id',
      'shop',
      '--user',
      '+14155552671',
      '--code-ttl',
      '60',
      '--error-rate',
      '0',
      '--latency',
      '0',
    ])
    const response = await fetch(`${server.url}/v1/apps/shop/login/otp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: '+1 415 555 2671' }),
    })
    expect(response.status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(server.output()).toMatch(/\[passage-otp\] sms to \+14155552671: \d{6} \(login, /)
    server.child.kill('SIGINT')
    expect(await server.exit).toBe(0)
  })

  it('turns fault flags into faults', async () => {
    const server = await run([
      '--port',
      '0',
      '--quiet',
      '--error-rate',
      '1',
      '--error-status',
      '502',
    ])
    const response = await fetch(`${server.url}/v1/apps/demo/.well-known/jwks.json`)
    expect(response.status).toBe(502)
    server.child.kill('SIGTERM')
    expect(await server.exit).toBe(0)
  })

  it('--help exits 0 and lists every flag with its default', () => {
    const result = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' })
    expect(result.status).toBe(0)
    for (const flag of FLAGS) expect(result.stdout).toContain(`--${flag}`)
    const lines = result.stdout.split('\n').filter((line) => line.trimStart().startsWith('--'))
    expect(lines).toHaveLength(FLAGS.length)
    for (const line of lines) expect(line).toMatch(/\(default .+\)$/)
    expect(result.stdout).toMatch(/--port N\s.*default 8787/)
  })

  it.each([
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--error-rate', '2'], '--error-rate'],
    [['--error-status', '404'], '--error-status'],
    [['--ip-rate-limit', 'lots'], '--ip-rate-limit'],
    [['--retry-after-format', 'soon'], '--retry-after-format'],
    [['--code-ttl', '0'], '--code-ttl'],
    [['--user', 'ada@example.com:gone'], '--user'],
    [['--nope'], 'nope'],
    [['--port'], 'port'],
  ])('%j exits 2 with a clear message', (args, mention) => {
    const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(mention)
    expect(result.stderr).toContain('--help')
  })

  it('exits 1 with a message when the port is taken', async () => {
    const first = await run(['--port', '0', '--quiet'])
    const port = new URL(first.url).port
    const second = spawnSync(process.execPath, [cli, '--port', port, '--quiet'], {
      encoding: 'utf8',
    })
    expect(second.status).toBe(1)
    expect(second.stderr).toContain('could not start')
    first.child.kill('SIGTERM')
    await first.exit
  })
})

describe('parseCliArgs', () => {
  it('defaults to port 8787 and no other options', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'run',
      options: { port: 8787, faults: {} },
      quiet: false,
    })
  })

  it('maps every flag to an option', () => {
    const command = parseCliArgs([
      ...['--port', '9000', '--host', '::1', '--app-id', 'a', '--app-id', 'b'],
      ...['--code-ttl', '60', '--max-attempts', '3', '--resend-cooldown', '0'],
      ...['--ip-rate-limit', '10/5', '--retry-after-format', 'http-date'],
      ...['--auth-token-ttl', '120', '--refresh-token-ttl', '600', '--redirect-url', '/home'],
      ...['--user', 'ada@example.com', '--user', 'bob@example.com:inactive'],
      ...['--latency', '25', '--error-rate', '0.5', '--error-status', '500'],
      ...['--malformed-json-rate', '0.1', '--drop-rate', '0.2', '--rate-limit-rate', '0.3'],
      ...['--fault-retry-after', '4', '--quiet'],
    ])
    expect(command).toEqual({
      kind: 'run',
      quiet: true,
      options: {
        port: 9000,
        host: '::1',
        appIds: ['a', 'b'],
        codeTtlSeconds: 60,
        maxAttempts: 3,
        resendCooldownSeconds: 0,
        ipRateLimit: { max: 10, windowSeconds: 5 },
        retryAfterFormat: 'http-date',
        authTokenTtlSeconds: 120,
        refreshTokenTtlSeconds: 600,
        redirectUrl: '/home',
        users: [
          { identifier: 'ada@example.com', status: 'active' },
          { identifier: 'bob@example.com', status: 'inactive' },
        ],
        faults: {
          latencyMs: 25,
          errorRate: 0.5,
          errorStatus: 500,
          malformedJsonRate: 0.1,
          dropRate: 0.2,
          rateLimitRate: 0.3,
          retryAfterSeconds: 4,
        },
      },
    })
  })

  it.each([
    [['--max-attempts', '0'], '--max-attempts "0": must be an integer >= 1'],
    [['--resend-cooldown=-1'], '--resend-cooldown "-1": must be a number of seconds >= 0'],
    [['--ip-rate-limit', '10/0'], '--ip-rate-limit "10/0": must be a number of seconds >= 1'],
    [['--app-id', 'a b'], '--app-id ["a b"]: "a b" must be 1-64 letters, digits, _ or -'],
    [['--latency', '700000'], '--latency "700000": must be a number from 0 to 600000'],
  ])('%j is refused with the rule the library applies to the option', (args, message) => {
    expect(parseCliArgs(args)).toEqual({ kind: 'error', message })
  })

  it('shows the defaults the README lists for every flag', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const documented = [
      ...readme.matchAll(/^\| `--([a-z-]+)[^`]*` +\| `?([^`|]*?)`?(?: \([^)]*\))? +\|/gm),
    ]
    const help = (parseCliArgs(['--help']) as { text: string }).text
    const shown = [...help.matchAll(/^ {2}--([a-z-]+).*\(default (.+)\)$/gm)].filter(
      ([, flag]) => flag !== 'help',
    )
    const table = Object.fromEntries(documented.map(([, flag, value]) => [flag, value || 'off']))
    expect(Object.fromEntries(shown.map(([, flag, value]) => [flag, value]))).toEqual(table)
  })

  it('reads --ip-rate-limit 0 as off', () => {
    const command = parseCliArgs(['--ip-rate-limit', '0'])
    expect(command.kind === 'run' && command.options.ipRateLimit).toBe(false)
  })
})

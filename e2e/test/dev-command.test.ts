import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'

// `pnpm dev` is `node examples/dev.mjs`: its flags, its help and what it says when a port is taken.
const devScript = fileURLToPath(new URL('../../examples/dev.mjs', import.meta.url))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function runDev(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [devScript, ...args], { stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const listening: Server[] = []
afterEach(async () => {
  await Promise.all(listening.splice(0).map((server) => new Promise((done) => server.close(done))))
})

/** A loopback port that something else holds (closed after the test). */
async function takenPort(): Promise<number> {
  const server = createServer()
  listening.push(server)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** A loopback port that was free a moment ago. */
async function freePort(): Promise<number> {
  const port = await takenPort()
  await new Promise((done) => listening.pop()?.close(done))
  return port
}

describe('pnpm dev', () => {
  test('--help lists every flag', async () => {
    const { code, stdout } = await runDev(['--help'])
    expect(code).toBe(0)
    for (const flag of [
      '--api-port PORT',
      '--react-port PORT',
      '--vue-port PORT',
      '--resend-cooldown SECONDS',
      '--no-build',
      '--help',
    ]) {
      expect(stdout, `--help should list ${flag}`).toContain(flag)
    }
  })

  test.each([
    [['--api-port', 'abc'], '--api-port must be a port number from 1 to 65535, got "abc"'],
    [['--react-port', '70000'], '--react-port must be a port number from 1 to 65535, got "70000"'],
    [['--vue-port', '-1'], "Option '--vue-port' argument is ambiguous"],
    [['--vue-port', '5173'], '--vue-port and --react-port are both 5173: pick two ports'],
    [['--resend-cooldown', '1.5'], '--resend-cooldown must be a whole number of seconds'],
    [['--port', '9000'], "Unknown option '--port'"],
  ])('%j is refused before anything starts', async (args, message) => {
    const { code, stdout, stderr } = await runDev(args)
    expect(code).toBe(2)
    expect(stderr).toContain(message)
    expect(stderr).toContain('pnpm dev --help')
    expect(stdout).toBe('')
  })

  test('a taken API port is named, with the flag that moves it', async () => {
    const port = await takenPort()
    const { code, stderr } = await runDev(['--no-build', '--api-port', String(port)])
    expect(code).toBe(1)
    expect(stderr).toContain(`could not start the dev server`)
    expect(stderr).toContain(`port ${port} is in use`)
    expect(stderr).toContain(`pnpm dev --api-port ${port + 1}`)
  })

  test('a taken example port is named, with the flag that moves it', async () => {
    const [apiPort, reactPort] = [await freePort(), await takenPort()]
    const args = ['--no-build', '--api-port', String(apiPort), '--react-port', String(reactPort)]
    const { code, stderr } = await runDev(args)
    expect(code).toBe(1)
    expect(stderr).toContain('could not start the React example')
    expect(stderr).toContain(`port ${reactPort} is in use`)
    expect(stderr).toContain(`pnpm dev --react-port ${reactPort + 1}`)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { type CliProcess, runCli } from '../src/cli-run'
import type { DevServer } from '../src/types'

// The CLI in process, with a recording process: what the README's CLI section and quick start
// promise (cli.test.ts runs the built binary for the same things end to end).

function recorder() {
  const out: string[] = []
  const err: string[] = []
  const exits: number[] = []
  const signals = new Map<string, (signal: NodeJS.Signals) => void>()
  let exited: (code: number) => void = () => undefined
  const exit = new Promise<number>((resolve) => {
    exited = resolve
  })
  const io: CliProcess = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    exit: (code) => {
      exits.push(code)
      exited(code)
    },
    onSignal: (signal, stop) => signals.set(signal, stop),
  }
  return { io, out: () => out.join(''), err: () => err.join(''), exits, signals, exit }
}

const started: DevServer[] = []
afterEach(async () => {
  await Promise.allSettled(started.splice(0).map((server) => server.close()))
})

async function start(args: string[]) {
  const r = recorder()
  const server = await runCli(['--port', '0', ...args], r.io)
  if (server === undefined) throw new Error(`did not start: ${r.err()}`)
  started.push(server)
  return { ...r, server }
}

const sendCode = (server: DevServer) =>
  fetch(`${server.url}/v1/apps/demo/login/otp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: 'ada@example.com' }),
  })

describe('runCli', () => {
  it('--help writes the usage to stdout and does not exit with an error', async () => {
    const r = recorder()
    expect(await runCli(['--help'], r.io)).toBeUndefined()
    expect(r.out()).toMatch(/^Usage: passage-otp-dev-server \[flags\]\n/)
    expect(r.err()).toBe('')
    expect(r.exits).toEqual([])
  })

  it('a bad flag value prints the message and a hint on stderr, and exits 2', async () => {
    const r = recorder()
    expect(await runCli(['--max-attempts', '0'], r.io)).toBeUndefined()
    expect(r.err()).toBe(
      'passage-otp-dev-server: --max-attempts "0": must be an integer >= 1\n' +
        'Run with --help to see the flags.\n',
    )
    expect(r.out()).toBe('')
    expect(r.exits).toEqual([2])
  })

  it('prints the banner of the quick start, with the real port', async () => {
    const { server, out, signals } = await start(['--app-id', 'shop', '--app-id', 'demo'])
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(out()).toBe(
      [
        `passage-otp dev server listening on ${server.url}`,
        `  client baseURL: ${server.url}/v1`,
        '  app id:         shop, demo',
        `  inbox:          ${server.url}/__dev/inbox`,
        `  outbox (JSON):  ${server.url}/__dev/outbox`,
        '',
      ].join('\n'),
    )
    expect([...signals.keys()].sort()).toEqual(['SIGINT', 'SIGTERM'])
  })

  it('prints each code on one line without --quiet, and none with it', async () => {
    const loud = await start(['--user', 'ada@example.com'])
    await sendCode(loud.server)
    const code = loud.server.outbox.latest('ada@example.com')?.code
    expect(loud.out()).toMatch(
      new RegExp(`\\n\\[passage-otp\\] email to ada@example\\.com: ${code} \\(login, `),
    )

    const quiet = await start(['--quiet', '--user', 'ada@example.com'])
    expect(quiet.out()).toContain('  codes are not printed (--quiet); read them in the inbox\n')
    await sendCode(quiet.server)
    expect(quiet.server.outbox.latest('ada@example.com')).toBeDefined()
    expect(quiet.out()).not.toContain('[passage-otp]')
  })

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s shuts down gracefully and exits 0',
    async (signal) => {
      const { signals, out, exit, exits } = await start(['--quiet'])
      signals.get(signal)?.(signal)
      expect(await exit).toBe(0)
      expect(exits).toEqual([0])
      expect(out()).toContain(`passage-otp dev server: ${signal}, shutting down\n`)
    },
  )

  it('a second signal while shutting down exits 1 at once', async () => {
    const { signals, exits } = await start(['--quiet'])
    signals.get('SIGINT')?.('SIGINT')
    signals.get('SIGTERM')?.('SIGTERM')
    expect(exits[0]).toBe(1)
  })

  it('a port that is taken prints why on stderr and exits 1', async () => {
    const first = await start(['--quiet'])
    const r = recorder()
    const port = new URL(first.server.url).port
    expect(await runCli(['--port', port, '--quiet'], r.io)).toBeUndefined()
    expect(r.err()).toMatch(/^passage-otp-dev-server: could not start: .+\n$/)
    expect(r.exits).toEqual([1])
  })
})

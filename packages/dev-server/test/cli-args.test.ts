import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseCliArgs } from '../src/cli-args'

// What the flags mean comes from the README's CLI table; this file checks parseCliArgs in process
// (cli.test.ts runs the built CLI as a child process).
const readme = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md'),
  'utf8',
)

const run = (options: object, quiet = false) => ({ kind: 'run', options, quiet })
const error = (message: string) => ({ kind: 'error', message })

describe('parseCliArgs: flags to options', () => {
  it.each<[string[], object]>([
    [[], run({ port: 8787, faults: {} })],
    [['--port', '0'], run({ port: 0, faults: {} })],
    [['--quiet'], run({ port: 8787, faults: {} }, true)],
    [['--ip-rate-limit', '0'], run({ port: 8787, ipRateLimit: false, faults: {} })],
    [['--ip-rate-limit', ' 0 '], run({ port: 8787, ipRateLimit: false, faults: {} })],
    [['--ip-rate-limit', '0/60'], run({ port: 8787, ipRateLimit: false, faults: {} })],
    [
      ['--ip-rate-limit', '120/60'],
      run({ port: 8787, ipRateLimit: { max: 120, windowSeconds: 60 }, faults: {} }),
    ],
    [
      ['--ip-rate-limit', ' 10/5 '],
      run({ port: 8787, ipRateLimit: { max: 10, windowSeconds: 5 }, faults: {} }),
    ],
    [
      ['--user', 'ada@example.com:pending', '--user', '+4915112345678'],
      run({
        port: 8787,
        users: [
          { identifier: 'ada@example.com', status: 'pending' },
          { identifier: '+4915112345678', status: 'active' },
        ],
        faults: {},
      }),
    ],
    [['--error-status', '502'], run({ port: 8787, faults: { errorStatus: 502 } })],
  ])('%j', (args, command) => {
    // Strict: an option the flags did not set must be absent, not present as undefined.
    expect(parseCliArgs(args)).toStrictEqual(command)
  })
})

describe('parseCliArgs: bad flags and their messages', () => {
  it.each<[string[], string]>([
    [['--resend-cooldown='], '--resend-cooldown "": must be a number of seconds >= 0'],
    [['--resend-cooldown', ' '], '--resend-cooldown " ": must be a number of seconds >= 0'],
    [['--code-ttl', 'soon'], '--code-ttl "soon": must be a number of seconds >= 1'],
    [['--port', '65536'], '--port "65536": must be an integer from 0 to 65535'],
    [['--ip-rate-limit', 'ten'], '--ip-rate-limit: "ten" is not N/SECONDS or 0'],
    [['--ip-rate-limit', 'x10/5'], '--ip-rate-limit: "x10/5" is not N/SECONDS or 0'],
    [['--ip-rate-limit', '10/5x'], '--ip-rate-limit: "10/5x" is not N/SECONDS or 0'],
    [
      ['--user', 'ada@example.com:sleeping'],
      '--user: "ada@example.com:sleeping" has an unknown status',
    ],
    [
      ['--retry-after-format', 'minutes'],
      `--retry-after-format "minutes": must be 'seconds' or 'http-date'`,
    ],
    [['--error-status', '404'], '--error-status "404": must be 500, 502 or 503'],
    [['--drop-rate', '1.5'], '--drop-rate "1.5": must be a number from 0 to 1'],
    [['--fault-retry-after=-1'], '--fault-retry-after "-1": must be an integer >= 0'],
  ])('%j is refused: %s', (args, message) => {
    expect(parseCliArgs(args)).toStrictEqual(error(message))
  })

  it.each([
    ['an unknown flag', ['--nope'], '--nope'],
    ['a positional argument', ['serve'], 'serve'],
    ['a flag without its value', ['--port'], '--port'],
  ])('%s is refused, naming it', (_, args, named) => {
    const command = parseCliArgs(args)
    expect(command.kind).toBe('error')
    expect(command.kind === 'error' && command.message).toContain(named)
  })
})

describe('parseCliArgs: help', () => {
  const help = (args: string[]) => {
    const command = parseCliArgs(args)
    expect(command.kind).toBe('help')
    return command.kind === 'help' ? command.text : ''
  }

  it('-h and --help both show the help, whatever else is given', () => {
    expect(help(['-h'])).toBe(help(['--help']))
    expect(help(['--port', '1', '--help'])).toBe(help(['--help']))
  })

  it('starts with the usage line and a summary, then lists the flags', () => {
    const lines = help(['--help']).split('\n')
    expect(lines[0]).toBe('Usage: passage-otp-dev-server [flags]')
    expect(lines[1]).toBe('')
    expect(lines[2]).toMatch(/Passage.*one-time-passcode/)
    expect(lines[3]).toMatch(/\/__dev\/inbox/)
    expect(lines[4]).toBe('')
    expect(lines[5]).toBe('Flags:')
    expect(lines[6]).toMatch(/^ {2}--port /)
    expect(lines.at(-1)).toBe('')
  })

  it('shows each flag with the value it takes, as the README table does', () => {
    const documented = [...readme.matchAll(/^\| `(--[a-z-]+(?: [^`]+)?)`/gm)].map(([, f]) => f)
    const shown = help(['--help'])
      .split('\n')
      .filter((line) => line.startsWith('  --'))
      .map((line) => line.trim().split(/ {2,}/)[0])
    expect(shown).toEqual(documented)
  })
})

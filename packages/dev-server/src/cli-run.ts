import { parseCliArgs } from './cli-args'
import { createDevServer } from './server'
import type { DevServer } from './types'

/** What the CLI touches of its process; `cli.ts` passes the real one, tests a recording one. */
export interface CliProcess {
  stdout: (text: string) => void
  stderr: (text: string) => void
  exit: (code: number) => void
  onSignal: (signal: NodeJS.Signals, stop: (signal: NodeJS.Signals) => void) => void
}

const NAME = 'passage-otp-dev-server'

/** Runs the CLI: help, a flag error (exit 2), or a server until SIGINT/SIGTERM, which it returns. */
export async function runCli(argv: string[], io: CliProcess): Promise<DevServer | undefined> {
  const command = parseCliArgs(argv)
  if (command.kind === 'help') {
    io.stdout(command.text)
    return undefined
  }
  if (command.kind === 'error') {
    io.stderr(`${NAME}: ${command.message}\nRun with --help to see the flags.\n`)
    io.exit(2)
    return undefined
  }
  const line = (text: string) => io.stdout(`${text}\n`)
  let server: DevServer
  try {
    server = await createDevServer({
      ...command.options,
      logger: command.quiet ? false : line,
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    io.stderr(`${NAME}: could not start: ${message}\n`)
    io.exit(1)
    return undefined
  }
  line(
    [
      `passage-otp dev server listening on ${server.url}`,
      `  client baseURL: ${server.baseURL}`,
      `  app id:         ${server.appIds.join(', ')}`,
      `  inbox:          ${server.url}/__dev/inbox`,
      `  outbox (JSON):  ${server.url}/__dev/outbox`,
      command.quiet ? '  codes are not printed (--quiet); read them in the inbox' : '',
    ]
      .filter(Boolean)
      .join('\n'),
  )
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    // A second signal while closing stops at once.
    if (stopping) return io.exit(1)
    stopping = true
    line(`passage-otp dev server: ${signal}, shutting down`)
    server.close().then(
      () => io.exit(0),
      () => io.exit(1),
    )
  }
  io.onSignal('SIGINT', stop)
  io.onSignal('SIGTERM', stop)
  return server
}

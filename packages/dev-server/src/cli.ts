#!/usr/bin/env node
import { parseCliArgs } from './cli-args'
import { createDevServer } from './server'

async function main(): Promise<void> {
  const command = parseCliArgs(process.argv.slice(2))
  if (command.kind === 'help') {
    process.stdout.write(command.text)
    return
  }
  if (command.kind === 'error') {
    process.stderr.write(
      `passage-otp-dev-server: ${command.message}\nRun with --help to see the flags.\n`,
    )
    process.exitCode = 2
    return
  }
  const server = await createDevServer({
    ...command.options,
    logger: command.quiet ? false : (line) => console.log(line),
  }).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`passage-otp-dev-server: could not start: ${message}\n`)
    process.exit(1)
  })
  console.log(
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
    if (stopping) process.exit(1)
    stopping = true
    console.log(`passage-otp dev server: ${signal}, shutting down`)
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`passage-otp-dev-server: ${error instanceof Error ? error.stack : error}\n`)
  process.exit(1)
})

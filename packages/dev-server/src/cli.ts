#!/usr/bin/env node
import { runCli } from './cli-run'

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
  onSignal: (signal, stop) => process.on(signal, stop),
}).catch((error: unknown) => {
  process.stderr.write(`passage-otp-dev-server: ${error instanceof Error ? error.stack : error}\n`)
  process.exit(1)
})

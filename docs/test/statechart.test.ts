import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { outputFiles, REGENERATE, renderStatechart } from '../scripts/statechart.mjs'

const fresh = renderStatechart()

test.each([
  ['statechart.mmd', outputFiles.mermaid, fresh.mermaid],
  ['statechart-tables.md', outputFiles.tables, fresh.tables],
])('concepts/%s matches the machine', (name, file, expected) => {
  const committed = readFileSync(file, 'utf8')
  expect(
    committed,
    `docs/concepts/${name} is out of date with otpAuthMachine: run \`${REGENERATE}\``,
  ).toBe(expected)
})

test('the diagram names every state and every event of the machine', () => {
  for (const state of ['idle', 'requesting', 'awaitingCode', 'activating', 'authenticated']) {
    expect(fresh.mermaid).toContain(`state "${state}`)
  }
  for (const event of ['identifier.submit', 'code.submit', 'code.resend', 'flow.retry']) {
    expect(fresh.mermaid).toContain(event)
  }
  expect(fresh.mermaid).toContain('after resendCooldown')
  expect(fresh.mermaid).toMatch(/^ {4}--$/m) // the parallel regions of awaitingCode
})

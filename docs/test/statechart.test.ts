import { readFileSync } from 'node:fs'
import { otpAuthMachine } from '@passage-otp/core'
import { describe, expect, test } from 'vitest'
import {
  charts,
  outputFilesOf,
  REGENERATE,
  renderCompound,
  renderOverview,
  renderStatechart,
} from '../scripts/statechart.mjs'

describe.each(charts)('the $name chart', ({ name, machine }) => {
  const fresh = renderStatechart(machine)
  const files = outputFilesOf(name)

  test.each([
    [`${name}-diagrams.md`, files.diagrams, fresh.diagrams],
    [`${name}-tables.md`, files.tables, fresh.tables],
  ])('concepts/%s matches the machine', (file, path, expected) => {
    expect(
      readFileSync(path, 'utf8'),
      `docs/concepts/${file} is out of date with the machine: run \`${REGENERATE}\``,
    ).toBe(expected)
  })
})

const mermaidBlocks = (markdown: string) =>
  [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1] ?? '')

describe('the flow machine diagrams', () => {
  const { diagrams } = renderStatechart(otpAuthMachine)

  test('an overview, then one diagram per compound state (per region of a parallel one)', () => {
    expect(mermaidBlocks(diagrams)).toHaveLength(5)
    const headings = diagrams.match(/^#{3,4} .+$/gm)
    expect(headings).toEqual([
      '### Overview',
      '### `requesting`',
      '### `awaitingCode`',
      '#### `awaitingCode.code`',
      '#### `awaitingCode.resend`',
      '### `error`',
    ])
  })

  test('the overview draws the top-level states only, and the events between them', () => {
    const overview = renderOverview(otpAuthMachine)
    for (const state of ['idle', 'requesting', 'awaitingCode', 'activating', 'authenticated']) {
      expect(overview).toContain(`state "${state}`)
    }
    expect(overview).not.toContain('choosingEndpoint')
    for (const event of ['identifier.submit', 'code.submit', 'code.resend', 'flow.retry']) {
      expect(overview).toContain(event)
    }
    expect(overview).not.toContain('[isIdentifierInvalid]')
    expect(diagrams).toContain('From any state: `flow.reset` → `idle`.')
  })

  test('a compound diagram draws its states and where their transitions lead', () => {
    const resend = renderCompound(otpAuthMachine.getStateNodeById('otpAuth.awaitingCode.resend'))
    expect(resend).toContain('after resendCooldown')
    expect(resend).toContain('awaitingCode_resend_ready --> requesting : code.resend')
    expect(resend).not.toContain('entering')
    expect(diagrams).toMatch(/^From every state of `requesting`: .*`flow\.cancel.*` → `idle`/m)
  })
})

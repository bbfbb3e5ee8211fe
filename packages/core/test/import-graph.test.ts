import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'

// The core's modules import each other without a cycle (type-only imports included), so each
// can be read, tested and bundled on its own terms.
const SRC = join(import.meta.dirname, '../src')

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of readdirSync(SRC).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(join(SRC, file), 'utf8')
    const targets = [...text.matchAll(/\bfrom\s+'\.\/([\w-]+)'/g)].map((match) => `${match[1]}.ts`)
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** Every cycle found by a depth-first walk, as the list of files around it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const done = new Set<string>()
  const walk = (file: string, path: string[]) => {
    const at = path.indexOf(file)
    if (at !== -1) {
      found.push([...path.slice(at), file])
      return
    }
    if (done.has(file)) return
    for (const next of graph.get(file) ?? []) walk(next, [...path, file])
    done.add(file)
  }
  for (const file of graph.keys()) walk(file, [])
  return found
}

test('the import graph of the core has no cycle', () => {
  const graph = importGraph()
  expect(graph.get('machine.ts')).toContain('types.ts')
  expect(cycles(graph)).toEqual([])
})

test('the cycle finder finds a cycle', () => {
  const graph = new Map([
    ['machine.ts', ['persistence.ts']],
    ['persistence.ts', ['selectors.ts']],
    ['selectors.ts', ['machine.ts']],
  ])
  expect(cycles(graph)).toEqual([['machine.ts', 'persistence.ts', 'selectors.ts', 'machine.ts']])
})

import { join } from 'node:path'
import ts from 'typescript'
import { expect, test } from 'vitest'

// Every exported function and hook carries an `@example` whose code compiles against the published
// types, so the API reference (typedoc shows the tag) never shows code that does not type-check.

const docs = join(import.meta.dirname, '..')
const repo = join(docs, '..')

/** The public entries, and for the dev server only what its guide documents. */
const entries: { file: string; only?: readonly string[] }[] = [
  { file: 'packages/core/src/index.ts' },
  { file: 'packages/core/src/testing.ts' },
  { file: 'packages/react/src/index.ts' },
  { file: 'packages/vue/src/index.ts' },
  { file: 'packages/dev-server/src/index.ts', only: ['createDevServer'] },
]

const config = ts.getParsedCommandLineOfConfigFile(
  join(docs, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
    },
  },
)
if (!config) throw new Error('docs/tsconfig.json could not be read')
const options = { ...config.options, noEmit: true }

interface Example {
  owner: string
  code: string
  fileName: string
}

function isFunction(declaration: ts.Declaration): boolean {
  if (ts.isFunctionDeclaration(declaration)) return true
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return false
  return (
    ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer)
  )
}

/** Exported functions of every entry, each with the code blocks of its `@example` tags. */
function readExamples() {
  const program = ts.createProgram(
    entries.map((entry) => join(repo, entry.file)),
    options,
  )
  const checker = program.getTypeChecker()
  const missing: string[] = []
  const examples: Example[] = []
  for (const entry of entries) {
    const source = program.getSourceFile(join(repo, entry.file))
    const moduleSymbol = source && checker.getSymbolAtLocation(source)
    if (!moduleSymbol) throw new Error(`${entry.file} is no module`)
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      if (entry.only && !entry.only.includes(exported.name)) continue
      if (!symbol.declarations?.some(isFunction)) continue
      const owner = `${entry.file.split('/')[1]}: ${exported.name}`
      const blocks = symbol
        .getJsDocTags(checker)
        .filter((tag) => tag.name === 'example')
        .flatMap((tag) => [
          ...ts.displayPartsToString(tag.text).matchAll(/```tsx?\n([\s\S]*?)```/g),
        ])
      if (blocks.length === 0) missing.push(owner)
      blocks.forEach((block, index) => {
        const tsx = block[0].startsWith('```tsx')
        const name = `${owner.replace(/\W+/g, '-')}-${index}.${tsx ? 'tsx' : 'ts'}`
        examples.push({
          owner,
          code: block[1] ?? '',
          fileName: join(docs, 'test', '.examples', name),
        })
      })
    }
  }
  return { missing: [...new Set(missing)], examples }
}

/** Type-checks the examples as modules of the docs package, which depends on every package. */
function typeCheck(examples: Example[]): string[] {
  const files = new Map(examples.map((example) => [example.fileName, example.code]))
  const host = ts.createCompilerHost(options)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name)
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name)
  host.getSourceFile = (name, language, ...rest) => {
    const code = files.get(name)
    return code === undefined
      ? getSourceFile.call(host, name, language, ...rest)
      : ts.createSourceFile(name, code, language, true)
  }
  host.directoryExists = (name) =>
    name.startsWith(join(docs, 'test', '.examples')) || ts.sys.directoryExists(name)
  const program = ts.createProgram([...files.keys()], options, host)
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const file = diagnostic.file?.fileName ?? ''
    const owner = examples.find((example) => example.fileName === file)?.owner ?? file
    const line = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    return `${owner} (example line ${(line ?? 0) + 1}): ${text}`
  })
}

const { missing, examples } = readExamples()

test('every exported function and hook has an @example', () => {
  expect(missing).toEqual([])
})

test('every @example type-checks', { timeout: 120_000 }, () => {
  expect(examples.length).toBeGreaterThan(0)
  expect(typeCheck(examples)).toEqual([])
})

// @vitest-environment node
import { expect, test } from 'vitest'

// Browser globals that code running in Node, a worker or React Native must not rely on at import.
const browserGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage']

interface Access {
  name: string
  ours: boolean
  where: string
}

// Our own modules, as this test loads them: the adapter's source and the core's build.
const ourFiles = /[\\/]packages[\\/](react[\\/]src|core[\\/](dist|src))[\\/]/

/** Records reads of the browser globals, which still read as `undefined`, while `load` runs. */
async function recordGlobalReads(load: () => Promise<unknown>) {
  const accesses: Access[] = []
  const originals = browserGlobals.map(
    (name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const,
  )
  for (const name of browserGlobals) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        const frames = (new Error().stack ?? '').split('\n').slice(2)
        const first = frames.find((frame) => !frame.includes('node:internal')) ?? ''
        accesses.push({ name, ours: ourFiles.test(first), where: first.trim() })
        return undefined
      },
    })
  }
  try {
    await load()
  } finally {
    for (const [name, descriptor] of originals) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor)
      else delete (globalThis as Record<string, unknown>)[name]
    }
  }
  return accesses
}

test('this file runs in Node without a DOM', () => {
  expect(typeof window).toBe('undefined')
  expect(typeof document).toBe('undefined')
})

test('importing @passage-otp/core and @passage-otp/react in Node reads no browser global', async () => {
  let modules: unknown[] = []
  const accesses = await recordGlobalReads(async () => {
    modules = await Promise.all([
      import('@passage-otp/core'),
      import('@passage-otp/core/testing'),
      import('../src'),
    ])
  })
  const [core, , react] = modules as [
    typeof import('@passage-otp/core'),
    unknown,
    typeof import('../src'),
  ]
  expect(typeof core.createOtpAuthActor).toBe('function')
  expect(typeof react.useOtpAuth).toBe('function')

  const fromDependencies = accesses.filter((access) => !access.ours)
  if (fromDependencies.length > 0) {
    console.info(
      'browser globals read at import by dependencies (guards such as `typeof window`):\n' +
        fromDependencies.map((access) => `  ${access.name} ${access.where}`).join('\n'),
    )
  }
  expect(accesses.filter((access) => access.ours)).toEqual([])
  expect(typeof window).toBe('undefined')
  expect(typeof document).toBe('undefined')
})

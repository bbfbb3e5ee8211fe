import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The CI artifact folder (`e2e/artifacts/`, git-ignored): screenshots of what the tests saw. */
export const artifactsDir = fileURLToPath(new URL('../artifacts/', import.meta.url))
mkdirSync(artifactsDir, { recursive: true })

export const artifactPath = (fileName: string) => `${artifactsDir}${fileName}`

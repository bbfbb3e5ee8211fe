import type { HttpBindings } from '@hono/node-server'

/** Node bindings are present when served over a socket and absent in-process. */
export type PassageEnv = { Bindings: Partial<HttpBindings> }

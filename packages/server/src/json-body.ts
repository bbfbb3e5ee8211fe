import { sValidator } from '@hono/standard-validator'
import type { Context, Handler, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { GenericSchema, InferInput, InferOutput } from 'valibot'
import { invalidRequest } from './errors'

/** Largest request body accepted, in bytes. */
const MAX_BODY_BYTES = 16 * 1024

const TOO_LARGE = `body: larger than ${MAX_BODY_BYTES} bytes.`

const streamLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => invalidRequest(c, TOO_LARGE),
})

/**
 * A streamed body over MAX_BODY_BYTES is refused without reading the rest; one that breaks off
 * (the client went away) is a 400 too, not an internal error. Errors after it are not its own.
 */
const limit: MiddlewareHandler = async (c, next) => {
  let admitted = false
  try {
    return await streamLimit(c, () => {
      admitted = true
      return next()
    })
  } catch (error) {
    if (admitted) throw error
    return invalidRequest(c, 'body: could not be read.')
  }
}

/**
 * Refuses by the headers alone, before the body is touched: a body that is not JSON, or declared
 * too large, is answered at once and the server drains it (a body stream once opened and then
 * left unread would cost the client its connection).
 */
const jsonHeaders: MiddlewareHandler = async (c, next) => {
  if (!isJsonMediaType(c.req.header('content-type'))) {
    return invalidRequest(c, 'body: Content-Type must be application/json.')
  }
  if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES) {
    return invalidRequest(c, TOO_LARGE)
  }
  await next()
}

/**
 * The checks no schema library makes, before the schema sees the body: strict UTF-8, a JSON
 * object, and no key given twice (JSON.parse would keep the last one).
 */
const strictJson: MiddlewareHandler = async (c, next) => {
  const refusal = jsonRefusal(await readBytes(c))
  return refusal === undefined ? next() : invalidRequest(c, refusal)
}

/** Admits a JSON request body that passes `schema`; else 400 `invalid_request` naming the field. */
export function jsonBody<Schema extends GenericSchema>(
  schema: Schema,
): readonly [
  MiddlewareHandler,
  MiddlewareHandler,
  MiddlewareHandler,
  Handler<
    // biome-ignore lint/suspicious/noExplicitAny: any environment, as Hono's own validators
    any,
    string,
    { in: { json: InferInput<Schema> }; out: { json: InferOutput<Schema> } },
    Response
  >,
] {
  return [
    jsonHeaders,
    limit,
    strictJson,
    sValidator('json', schema, (result, c) =>
      result.success ? undefined : invalidRequest(c, result.error[0]?.message ?? 'body: invalid.'),
    ),
  ] as const
}

async function readBytes(c: Context): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await c.req.arrayBuffer())
  } catch {
    return undefined
  }
}

function jsonRefusal(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined) return 'body: could not be read.'
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return 'body: not valid UTF-8.'
  }
  if (text.trim() === '') return 'body: cannot be empty.'
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'body: not valid JSON.'
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'body: must be a JSON object.'
  }
  const duplicate = findDuplicateKey(text)
  return duplicate === undefined ? undefined : `body: duplicate key ${JSON.stringify(duplicate)}.`
}

function isJsonMediaType(header: string | undefined): boolean {
  const type = (header?.split(';')[0] ?? '').trim().toLowerCase()
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)
}

/** Scans valid JSON text for an object that repeats a key (JSON.parse keeps the last one). */
function findDuplicateKey(text: string): string | undefined {
  const stack: Array<Set<string> | null> = []
  let expectKey = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '"') {
      const end = endOfString(text, i)
      const keys = stack[stack.length - 1]
      if (keys && expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string
        if (keys.has(key)) return key
        keys.add(key)
        expectKey = false
      }
      i = end
    } else if (ch === '{') {
      stack.push(new Set())
      expectKey = true
    } else if (ch === '[') {
      stack.push(null)
      expectKey = false
    } else if (ch === '}' || ch === ']') {
      stack.pop()
      expectKey = false
    } else if (ch === ',') {
      expectKey = Boolean(stack[stack.length - 1])
    }
  }
  return undefined
}

function endOfString(text: string, start: number): number {
  let j = start + 1
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
  return j
}

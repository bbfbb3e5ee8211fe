/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024

export type JsonObject = Record<string, unknown>
export type BodyResult = { ok: true; body: JsonObject } | { ok: false; error: string }

const fail = (error: string): BodyResult => ({ ok: false, error })

/**
 * Reads a request body that must be a JSON object sent as `application/json`, at most
 * MAX_BODY_BYTES long, valid UTF-8 and free of duplicate keys. Never throws.
 */
export async function readJsonObject(request: Request): Promise<BodyResult> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    return fail('body: Content-Type must be application/json.')
  }
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > MAX_BODY_BYTES) return fail(`body: larger than ${MAX_BODY_BYTES} bytes.`)
  const bytes = await readLimited(request)
  if (bytes === 'too-large') return fail(`body: larger than ${MAX_BODY_BYTES} bytes.`)
  if (bytes === undefined) return fail('body: could not be read.')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return fail('body: not valid UTF-8.')
  }
  if (text.trim() === '') return fail('body: cannot be empty.')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return fail('body: not valid JSON.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('body: must be a JSON object.')
  }
  const duplicate = findDuplicateKey(text)
  if (duplicate !== undefined) return fail(`body: duplicate key ${JSON.stringify(duplicate)}.`)
  return { ok: true, body: value as JsonObject }
}

function isJsonContentType(header: string | null): boolean {
  if (header === null) return false
  const type = (header.split(';')[0] ?? '').trim().toLowerCase()
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)
}

async function readLimited(request: Request): Promise<Uint8Array | 'too-large' | undefined> {
  const stream = request.body
  if (stream === null) return new Uint8Array(0)
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => undefined)
        return 'too-large'
      }
      chunks.push(value)
    }
  } catch {
    return undefined
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** Scans valid JSON text for an object that repeats a key (JSON.parse keeps the last one). */
export function findDuplicateKey(text: string): string | undefined {
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

export type FieldResult = { ok: true; value: string | undefined } | { ok: false; error: string }

/** Reads an optional string field; a present non-string value is an error. */
export function optionalString(body: JsonObject, name: string): FieldResult {
  if (!Object.hasOwn(body, name) || body[name] === undefined) return { ok: true, value: undefined }
  const value = body[name]
  if (typeof value !== 'string') return { ok: false, error: `${name}: must be a string.` }
  return { ok: true, value }
}

/** Reads a required, non-blank string field. */
export function requiredString(
  body: JsonObject,
  name: string,
): { ok: true; value: string } | { ok: false; error: string } {
  const field = optionalString(body, name)
  if (!field.ok) return field
  if (field.value === undefined || field.value.trim() === '') {
    return { ok: false, error: `${name}: cannot be blank.` }
  }
  return { ok: true, value: field.value }
}

import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDevServer, type DevServer } from '../src/index'

const ADA = 'ada@example.com'

// Hostile input over real HTTP, beyond the body shapes of hostile-bodies.test.ts: lookalike and
// invisible-character identifiers, injection strings, odd JSON values, prototype-pollution keys,
// odd paths, methods and content types, and broken connections. Every answer is a clean
// `{ code, error }` JSON error (never a 500), the server keeps serving, no promise is left
// rejected, and the log only ever holds the one line per code sent.

const MB = 1024 * 1024
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
let tried = 0
const lines: string[] = []
const tokens: string[] = []
let server: DevServer

// One server takes the whole barrage, so that it must survive all of it.
beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  server = await createDevServer({
    ipRateLimit: false,
    resendCooldownSeconds: 0,
    users: [{ identifier: ADA }],
    logger: (line) => lines.push(line),
  })
})

afterAll(async () => {
  await server.close()
  process.off('unhandledRejection', onUnhandled)
  console.info(`hostile HTTP inputs tried against the dev server: ${tried}`)
})

const identifiers: Record<string, string> = {
  'Cyrillic а': 'аda@example.com',
  'Cyrillic in the domain': 'ada@exаmple.com',
  'Greek ο': 'ada@exampleο.com',
  'fullwidth letters': 'ａｄａ@example.com',
  'fullwidth at': 'ada＠example.com',
  'right-to-left mark': 'ada@example.com\u200f',
  'left-to-right mark': '\u200eada@example.com',
  'right-to-left override': 'ada\u202e@example.com',
  'zero-width joiner': 'ada\u200d@example.com',
  'zero-width space': 'a\u200bda@example.com',
  'word joiner': '\u2060ada@example.com',
  'combining accent': 'ada\u0301@example.com',
  NUL: 'ada\u0000@example.com',
  'trailing NUL': 'ada@example.com\u0000',
  'C1 control': 'ada\u0085@example.com',
  'escape sequence': 'ada@example.com\u001b[2J',
  'CRLF header injection': 'ada@example.com\r\nBcc: eve@example.com',
  'SQL injection': "ada@example.com' OR '1'='1",
  'JSON injection': 'ada@example.com","identifier":"eve@example.com',
  'JSON text': '{"identifier":"ada@example.com"}',
  markup: '<script>alert(1)</script>@example.com',
  'path traversal': '../../etc/passwd@example.com',
  'two addresses': 'ada@example.com,eve@example.com',
  'IP literal': 'ada@[127.0.0.1]',
  ['__proto__']: '__proto__',
  constructor: 'constructor',
  '1 MB local part': `${'a'.repeat(MB)}@example.com`,
  'phone Arabic-Indic digits': '+١٤١٥٥٥٥٢٦٧١',
  'phone too long': '+1234567890123456',
  'phone leading zero': '+0123456789',
}

const bodies: Record<string, string> = {
  'huge number': '{"identifier": 1e309}',
  'huge integer': `{"identifier": ${'9'.repeat(400)}}`,
  'negative zero': '{"identifier": -0}',
  'nested object': '{"identifier": {"identifier": "ada@example.com"}}',
  'language number': '{"identifier": "ada@example.com", "language": 7}',
  'language array': '{"identifier": "ada@example.com", "language": ["de"]}',
  'constructor.prototype without identifier':
    '{"constructor": {"prototype": {"polluted": true}}, "identifier": 5}',
  '__proto__ without identifier': '{"__proto__": {"identifier": "ada@example.com"}}',
  'duplicate identifier via escape': '{"identifier":"x@y.io","ident\\u0069fier":"ada@example.com"}',
  'duplicate nested keys': '{"identifier":"ada@example.com","a":{"b":1,"b":2}}',
  'UTF-16 text': Buffer.from('{"identifier":"ada@example.com"}', 'utf16le').toString('latin1'),
  'lone surrogate escape': '{"identifier": "\\udc00@example.com"}',
  'comment in JSON': '{"identifier": "ada@example.com" /* hi */}',
  'single quotes': "{'identifier': 'ada@example.com'}",
  NaN: '{"identifier": NaN}',
  'trailing comma': '{"identifier": "ada@example.com",}',
  'NUL body': '\u0000',
  'many keys': `{${Array.from({ length: 1500 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
}

async function expectCleanError(response: Response, status = 400) {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await response.json()) as Record<string, unknown>
  expect(Object.keys(body).sort()).toEqual(['code', 'error'])
  expect(typeof body.code).toBe('string')
  expect(typeof body.error).toBe('string')
  return body
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.baseURL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })

describe('hostile identifiers', () => {
  it.each(Object.entries(identifiers))(
    '%s → 400 invalid_request on both send endpoints',
    async (_, identifier) => {
      const sent = server.outbox.messages().length
      for (const path of ['login/otp', 'register/otp']) {
        tried += 1
        const response = await post(`/apps/demo/${path}`, JSON.stringify({ identifier }))
        expect((await expectCleanError(response)).code).toBe('invalid_request')
      }
      expect(server.outbox.messages()).toHaveLength(sent)
    },
  )
})

describe('odd JSON', () => {
  it.each(Object.entries(bodies))('%s → 400 on every POST endpoint', async (_, body) => {
    for (const path of ['login/otp', 'register/otp', 'otp/activate', 'tokens']) {
      tried += 1
      expect((await expectCleanError(await post(`/apps/demo/${path}`, body))).code).toBe(
        'invalid_request',
      )
    }
  })
})

describe('prototype-pollution keys', () => {
  it('a __proto__ key next to a valid identifier neither pollutes nor redirects the code', async () => {
    tried += 1
    const body =
      '{"__proto__": {"identifier": "eve@example.com", "polluted": true}, "identifier": "ada@example.com"}'
    const response = await post('/apps/demo/login/otp', body)
    expect(response.status).toBe(200)
    expect(server.outbox.messages('eve@example.com')).toHaveLength(0)
    expect(server.outbox.messages(ADA)).toHaveLength(1)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('prototype names as otp_id, otp, refresh_token and query values are plain unknowns', async () => {
    const names = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString']
    for (const name of names) {
      tried += 4
      const activate = await post(
        '/apps/demo/otp/activate',
        JSON.stringify({ otp: name, otp_id: name }),
      )
      expect((await expectCleanError(activate)).code).toBe('invalid_request')
      const refresh = await post('/apps/demo/tokens', JSON.stringify({ refresh_token: name }))
      expect((await expectCleanError(refresh, 401)).code).toBe('invalid_refresh_token')
      const revoke = await fetch(`${server.baseURL}/apps/demo/tokens?refresh_token=${name}`, {
        method: 'DELETE',
      })
      expect(revoke.status).toBe(200)
      const outbox = await fetch(`${server.url}/__dev/outbox?identifier=${name}&appId=${name}`)
      expect(await outbox.json()).toEqual({ messages: [] })
    }
    expect(Object.keys(Object.prototype)).toEqual([])
  })

  it('prototype names and junk as app ids are 404 app_not_found', async () => {
    const appIds = [
      '__proto__',
      'constructor',
      'toString',
      '%00',
      '..',
      '%2e%2e%2f',
      'a'.repeat(8000),
    ]
    for (const appId of appIds) {
      tried += 1
      const response = await post(`/apps/${appId}/login/otp`, JSON.stringify({ identifier: ADA }))
      expect((await expectCleanError(response, 404)).code).toMatch(/^(app_not_found|not_found)$/)
    }
  })
})

describe('wrong content types and methods', () => {
  it('refuses every non-JSON content type with 400', async () => {
    const types = [
      'text/plain',
      'text/html',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/jsonx',
      'application/javascript',
      'json',
      '',
      'application/json-seq',
    ]
    for (const type of types) {
      tried += 1
      const response = await post('/apps/demo/login/otp', JSON.stringify({ identifier: ADA }), {
        'content-type': type,
      })
      expect((await expectCleanError(response)).code).toBe('invalid_request')
    }
  })

  it('answers other methods with 404 JSON, never 500', async () => {
    for (const method of ['PUT', 'PATCH', 'GET', 'DELETE']) {
      for (const path of ['login/otp', 'register/otp', 'otp/activate']) {
        tried += 1
        const response = await fetch(`${server.baseURL}/apps/demo/${path}`, { method })
        expect((await expectCleanError(response, 404)).code).toBe('not_found')
      }
    }
  })
})

/** Writes raw bytes to the server and returns whatever comes back before the socket closes. */
function raw(bytes: string, { destroyAfterWrite = false } = {}): Promise<string> {
  const { port } = new URL(server.url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1')
    let received = ''
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1')
    })
    socket.on('error', () => resolve(received))
    socket.on('close', () => resolve(received))
    socket.write(bytes, () => {
      if (destroyAfterWrite) socket.destroy()
      else socket.end()
    })
  })
}

describe('broken HTTP', () => {
  it('survives garbage, truncated bodies, lying lengths and dropped sockets', async () => {
    const request = (headers: string, body = '') =>
      `POST /v1/apps/demo/login/otp HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n${body}`
    const attempts: [string, string, boolean][] = [
      ['garbage', 'GARBAGE\r\n\r\n', false],
      ['binary', '\u0000\u0001\u0002\u00ff\r\n\r\n', false],
      ['bad header', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', false],
      [
        'truncated body',
        request('Content-Type: application/json\r\nContent-Length: 100\r\n', '{"identifier"'),
        true,
      ],
      [
        'lying length',
        request(
          'Content-Type: application/json\r\nContent-Length: 5\r\n',
          '{"identifier":"ada@example.com"}',
        ),
        false,
      ],
      ['half a request line', 'POST /v1/apps/demo/lo', true],
      [
        'bad chunking',
        request(
          'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n',
          'zz\r\nhello\r\n0\r\n\r\n',
        ),
        false,
      ],
      [
        'huge header',
        request(`Content-Type: application/json\r\nX-Big: ${'x'.repeat(64 * 1024)}\r\n`),
        false,
      ],
    ]
    for (const [name, bytes, destroyAfterWrite] of attempts) {
      tried += 1
      const answer = await raw(bytes, { destroyAfterWrite })
      expect(answer, name).not.toMatch(/^HTTP\/1\.1 5\d\d/)
      const alive = await fetch(`${server.baseURL}/apps/demo/.well-known/jwks.json`)
      expect(alive.status, `still serving after ${name}`).toBe(200)
      await alive.arrayBuffer()
    }
  })

  it('answers a burst of 300 concurrent hostile requests with 400s and keeps serving', async () => {
    const payloads = [
      ...Object.values(identifiers).map((identifier) => JSON.stringify({ identifier })),
      ...Object.values(bodies),
    ]
    const statuses = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        tried += 1
        const response = await post('/apps/demo/register/otp', payloads[i % payloads.length] ?? '')
        await response.arrayBuffer()
        return response.status
      }),
    )
    expect(new Set(statuses)).toEqual(new Set([400]))
    const sent = await post('/apps/demo/login/otp', JSON.stringify({ identifier: ADA }))
    const { otp_id } = (await sent.json()) as { otp_id: string }
    const code = server.outbox.latest(ADA)?.code
    const activated = await post('/apps/demo/otp/activate', JSON.stringify({ otp: code, otp_id }))
    expect(activated.status).toBe(200)
    const { auth_result } = (await activated.json()) as { auth_result: Record<string, string> }
    tokens.push(auth_result.auth_token ?? '', auth_result.refresh_token ?? '')
  })
})

describe('afterwards', () => {
  it('no 500, no unhandled rejection, and only code lines in the log', async () => {
    expect(unhandled).toEqual([])
    expect(lines.some((line) => line.includes('internal error'))).toBe(false)
    const codeLine =
      /^\[passage-otp\] (email|sms) to \S+: (\d{6}) \((login|register), expires \d\d:\d\d:\d\d\)$/
    const codes = server.outbox.messages().map((message) => message.code)
    for (const line of lines) {
      expect(line).toMatch(codeLine)
      for (const token of tokens) expect(line).not.toContain(token)
    }
    expect(tokens.filter(Boolean)).toHaveLength(2)
    expect(lines.map((line) => codeLine.exec(line)?.[2])).toEqual(codes.reverse())
    expect(tried).toBeGreaterThan(400)
  })
})

import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import {
  type ContractTarget,
  devTarget,
  productionTarget,
  type TargetOptions,
} from './contract-targets'
import { ADA, wrongCode } from './helpers'

// Every answer of the OTP, token and JWKS routes, checked against Passage's published Auth API
// description (Swagger 2.0, see fixtures/README.md) with the corrections named there.

interface Operation {
  responses: Record<string, { description: string; schema?: { $ref: string } }>
}
interface Swagger {
  paths: Record<string, Record<string, Operation>>
  definitions: Record<string, { enum?: string[] }>
}

function loadDescription(): Swagger {
  const url = new URL('./fixtures/passage-auth-api.swagger.json', import.meta.url)
  const swagger = JSON.parse(readFileSync(url, 'utf8')) as Swagger
  swagger.definitions['401Code']?.enum?.push('invalid_refresh_token')
  swagger.definitions['404Code']?.enum?.push('transaction_not_found')
  const login = swagger.paths['/apps/{app_id}/login/otp']?.post
  if (login?.responses['201'] === undefined) throw new Error('the description changed')
  login.responses['200'] = login.responses['201']
  delete login.responses['201']
  return swagger
}

const swagger = loadDescription()
// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule
const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
ajv.addSchema({ definitions: swagger.definitions }, 'passage-auth-api')

/** Not in the description (Passage published no limits): same `{code, error}` shape. */
const RATE_LIMITED = ajv.compile({
  type: 'object',
  required: ['code', 'error'],
  properties: { code: { const: 'rate_limited' }, error: { type: 'string' } },
})

type Method = 'get' | 'post' | 'delete'

/** The answers each route is expected to give, by status and code: a hand-written table. */
const EXPECTED = [
  'post /apps/{app_id}/login/otp 200',
  'post /apps/{app_id}/login/otp 400 invalid_request',
  'post /apps/{app_id}/login/otp 404 user_not_found',
  'post /apps/{app_id}/login/otp 404 app_not_found',
  'post /apps/{app_id}/login/otp 429 rate_limited',
  'post /apps/{app_id}/login/otp 500 internal_server_error',
  'post /apps/{app_id}/register/otp 201',
  'post /apps/{app_id}/register/otp 400 invalid_request',
  'post /apps/{app_id}/register/otp 404 app_not_found',
  'post /apps/{app_id}/register/otp 429 rate_limited',
  'post /apps/{app_id}/otp/activate 200',
  'post /apps/{app_id}/otp/activate 400 invalid_request',
  'post /apps/{app_id}/otp/activate 401 exceeded_attempts',
  'post /apps/{app_id}/otp/activate 403 user_not_active',
  'post /apps/{app_id}/otp/activate 404 app_not_found',
  'post /apps/{app_id}/tokens 201',
  'post /apps/{app_id}/tokens 400 invalid_request',
  'post /apps/{app_id}/tokens 401 invalid_refresh_token',
  'post /apps/{app_id}/tokens 404 app_not_found',
  'delete /apps/{app_id}/tokens 200',
  'delete /apps/{app_id}/tokens 400 invalid_request',
  'delete /apps/{app_id}/tokens 404 app_not_found',
  'get /apps/{app_id}/.well-known/jwks.json 200',
  'get /apps/{app_id}/.well-known/jwks.json 404 app_not_found',
  'get /apps/{app_id}/.well-known/jwks.json 429 rate_limited',
]

/** The description's path template of a request path (a trailing slash answers the same). */
function templateOf(path: string): string {
  const [pathname = ''] = path.split('?')
  return pathname.replace(/^\/apps\/[^/]+/, '/apps/{app_id}').replace(/\/$/, '')
}

/** What the scenario reads from answers it knows to be successes. */
interface Answer {
  otp_id?: string
  auth_result?: { refresh_token?: string }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

async function contract(open: (options: TargetOptions) => Promise<ContractTarget>) {
  const h = await open({
    users: [ADA, 'off@example.com'],
    ipRateLimit: { max: 200, windowSeconds: 60 },
  })
  const seen = new Set<string>()
  const failures: string[] = []

  /** Sends a request and checks its answer against the description; returns the parsed body. */
  async function call(method: Method, path: string, body?: unknown): Promise<Answer> {
    const response = await h.api(path, body, { method: method.toUpperCase() })
    const template = templateOf(path)
    const operation = swagger.paths[template]?.[method]
    if (operation === undefined) throw new Error(`${method} ${template}: not in the description`)
    const text = await response.text()
    const parsed: unknown = text === '' ? undefined : JSON.parse(text)
    const code = isRecord(parsed) && typeof parsed.code === 'string' ? ` ${parsed.code}` : ''
    const answer = `${method} ${template} ${response.status}${code}`
    seen.add(answer)
    const declared = operation.responses[String(response.status)]
    if (response.status === 429) {
      if (!RATE_LIMITED(parsed)) failures.push(`${answer}: ${ajv.errorsText(RATE_LIMITED.errors)}`)
    } else if (declared === undefined) {
      failures.push(`${answer}: status not declared`)
    } else if (declared.schema === undefined) {
      if (text !== '')
        failures.push(`${answer}: body ${JSON.stringify(text)} where none is declared`)
    } else {
      const validate = ajv.compile({ $ref: `passage-auth-api${declared.schema.$ref}` })
      if (!validate(parsed)) failures.push(`${answer}: ${ajv.errorsText(validate.errors)}`)
      if (!response.headers.get('content-type')?.startsWith('application/json')) {
        failures.push(`${answer}: not application/json`)
      }
    }
    return parsed as Answer
  }
  return { h, call, seen, failures }
}

describe("answers match Passage's published Auth API description", () => {
  it('templateOf maps request paths to the description', () => {
    expect(templateOf('/apps/demo/tokens/')).toBe('/apps/{app_id}/tokens')
    expect(templateOf('/apps/demo/tokens/?refresh_token=x')).toBe('/apps/{app_id}/tokens')
    expect(templateOf('/apps/demo/tokens?refresh_token=x')).toBe('/apps/{app_id}/tokens')
    expect(templateOf('/apps/x/.well-known/jwks.json')).toBe('/apps/{app_id}/.well-known/jwks.json')
  })

  const postgres = process.env.PASSAGE_OTP_TEST_DATABASE_URL ? ['postgres' as const] : []
  const targets: [string, (options: TargetOptions) => Promise<ContractTarget>][] = [
    ['the dev server', devTarget],
    ...(['memory', 'pglite', ...postgres] as const).map(
      (kind) =>
        [`the production server on ${kind}`, (o: TargetOptions) => productionTarget(kind, o)] as [
          string,
          (options: TargetOptions) => Promise<ContractTarget>,
        ],
    ),
  ]

  it.each(targets)(
    'every success and error answer of the OTP, token and JWKS routes: %s',
    async (_, open) => {
      const { h, call, seen, failures } = await contract(open)
      const codeOf = h.codeOf

      // login/otp and register/otp
      const login = await call('post', '/apps/demo/login/otp', { identifier: ADA })
      await call('post', '/apps/demo/login/otp', { identifier: ADA })
      await call('post', '/apps/demo/login/otp', { identifier: 'not an email' })
      await call('post', '/apps/demo/login/otp', { identifier: 'nobody@example.com' })
      await call('post', '/apps/nope/login/otp', { identifier: ADA })
      const register = await call('post', '/apps/demo/register/otp', {
        identifier: 'new@example.com',
      })
      await call('post', '/apps/demo/register/otp', { identifier: 'new@example.com' })
      await call('post', '/apps/demo/register/otp', { identifier: ADA })
      await call('post', '/apps/nope/register/otp', { identifier: 'new@example.com' })

      // otp/activate
      const signedIn = await call('post', '/apps/demo/otp/activate', {
        otp: codeOf(login.otp_id),
        otp_id: login.otp_id,
      })
      await call('post', '/apps/demo/otp/activate', {
        otp: codeOf(register.otp_id),
        otp_id: register.otp_id,
      })
      await call('post', '/apps/demo/otp/activate', { otp: '123456', otp_id: 'unknown' })
      await call('post', '/apps/nope/otp/activate', { otp: '123456', otp_id: 'unknown' })
      const locked = await call('post', '/apps/demo/login/otp', { identifier: 'off@example.com' })
      for (let i = 0; i < 5; i++) {
        const otp = wrongCode(codeOf(locked.otp_id))
        await call('post', '/apps/demo/otp/activate', { otp, otp_id: locked.otp_id })
      }
      await h.setStatus('off@example.com', 'inactive')
      h.advance(31)
      const inactive = await call('post', '/apps/demo/login/otp', { identifier: 'off@example.com' })
      await call('post', '/apps/demo/otp/activate', {
        otp: codeOf(inactive.otp_id),
        otp_id: inactive.otp_id,
      })

      // tokens, with and without the trailing slash
      const refreshed = await call('post', '/apps/demo/tokens', {
        refresh_token: signedIn.auth_result?.refresh_token,
      })
      const again = await call('post', '/apps/demo/tokens/', {
        refresh_token: refreshed.auth_result?.refresh_token,
      })
      await call('post', '/apps/demo/tokens', {
        refresh_token: signedIn.auth_result?.refresh_token,
      })
      await call('post', '/apps/demo/tokens', { refresh_token: 5 })
      await call('post', '/apps/nope/tokens', { refresh_token: 'x' })
      const token = encodeURIComponent(again.auth_result?.refresh_token ?? '')
      await call('delete', `/apps/demo/tokens?refresh_token=${token}`)
      await call('delete', `/apps/demo/tokens/?refresh_token=${token}`)
      await call('delete', '/apps/demo/tokens')
      await call('delete', '/apps/nope/tokens?refresh_token=x')

      // JWKS
      await call('get', '/apps/demo/.well-known/jwks.json')
      await call('get', '/apps/nope/.well-known/jwks.json')

      // An injected 500, and the per-IP limit.
      h.breakDown()
      await call('post', '/apps/demo/login/otp', { identifier: ADA })
      h.heal()
      for (
        let i = 0;
        i < 200 && !seen.has('get /apps/{app_id}/.well-known/jwks.json 429 rate_limited');
        i++
      ) {
        await call('get', '/apps/demo/.well-known/jwks.json')
      }

      expect(failures).toEqual([])
      expect([...seen].sort()).toEqual([...EXPECTED].sort())
    },
    // A new PGlite data directory runs initdb in WebAssembly: seconds on a busy machine.
    120_000,
  )

  it('the checks can fail: a wrong body, status or schema is reported', async () => {
    const validate = ajv.compile({ $ref: 'passage-auth-api#/definitions/AuthResponse' })
    expect(validate({ auth_result: { auth_token: 'x', redirect_url: '/' } })).toBe(true)
    expect(validate({ auth_result: { auth_token: 'x' } })).toBe(false)
    expect(
      validate({
        auth_result: { auth_token: 'x', redirect_url: '/', refresh_token_expiration: 2 ** 31 },
      }),
    ).toBe(false)
    const error401 = ajv.compile({ $ref: 'passage-auth-api#/definitions/401Error' })
    expect(error401({ code: 'invalid_refresh_token', error: 'x' })).toBe(true)
    expect(error401({ code: 'rate_limited', error: 'x' })).toBe(false)
    const tokens = swagger.paths['/apps/{app_id}/tokens']
    expect(Object.keys(tokens?.post?.responses ?? {})).toContain('201')
    expect(tokens?.delete?.responses['200']?.schema).toBeUndefined()
    expect(Object.keys(swagger.paths['/apps/{app_id}/login/otp']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '500']),
    )
  })
})

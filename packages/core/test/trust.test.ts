// Regression tests for holes found by driving the library from outside: each failed before its
// fix. Expected values come from the words and hand-written tables, not from the code.
import { describe, expect, test } from 'vitest'
import { createActor } from 'xstate'
import { createOtpAuthLogic } from '../src/actor'
import { createOtpAuthError, isRetryableError, type OtpAuthErrorKind } from '../src/errors'
import type { OtpAuthInput } from '../src/machine'
import { selectOtpAuthView } from '../src/selectors'
import { createControllableClient, flushRequests } from '../src/testing'

const ADA = 'ada@example.com'

function startFlow(input: OtpAuthInput = {}) {
  const server = createControllableClient()
  const actor = createActor(createOtpAuthLogic({ client: server.client }), { input }).start()
  return Object.assign(server, { actor })
}

describe('flow.retry after a permanent error is refused', () => {
  // By hand: which failures a plain retry of the same request can mend.
  const retryable: Record<OtpAuthErrorKind, boolean> = {
    invalid_identifier: false,
    user_not_found: false,
    user_exists: false,
    invalid_code_format: false,
    invalid_or_expired_code: false,
    code_expired: false,
    too_many_attempts: false,
    user_inactive: false,
    rate_limited: true,
    network: true,
    timeout: true,
    server: true,
    bad_response: true,
  }

  test.each(Object.entries(retryable))('isRetryableError(%s) is %s', (kind, expected) => {
    expect(isRetryableError(createOtpAuthError(kind as OtpAuthErrorKind))).toBe(expected)
  })

  test.each([
    ['user_not_found', 'login', 'requestLoginOtp'],
    ['user_inactive', 'login', 'requestLoginOtp'],
    ['invalid_identifier', 'login', 'requestLoginOtp'],
    ['user_exists', 'register', 'requestRegisterOtp'],
  ] as const)('%s: no retry, canRetry false, no second request', async (kind, intent, request) => {
    const flow = startFlow()
    flow.actor.send({ type: 'identifier.submit', identifier: ADA, intent })
    flow.reject(request, createOtpAuthError(kind))
    await flushRequests()
    const failed = flow.actor.getSnapshot()
    expect(failed.value).toMatchObject({ error: expect.anything() })
    expect(failed.can({ type: 'flow.retry' })).toBe(false)
    expect(selectOtpAuthView(failed).canRetry).toBe(false)
    flow.actor.send({ type: 'flow.retry' })
    expect(flow.calls).toHaveLength(1)
    expect(flow.actor.getSnapshot().context.error?.kind).toBe(kind)
  })

  test('a transient failure still retries', async () => {
    const flow = startFlow()
    flow.actor.send({ type: 'identifier.submit', identifier: ADA })
    flow.reject('requestLoginOtp', createOtpAuthError('server', { status: 503 }))
    await flushRequests()
    expect(selectOtpAuthView(flow.actor.getSnapshot()).canRetry).toBe(true)
    flow.actor.send({ type: 'flow.retry' })
    expect(flow.calls).toHaveLength(2)
  })
})

/**
 * How the real dev server is made to answer the way a generated path says. A path names each
 * request's answer (`requestLoginOtp fails (user_not_found)`); before the step that starts the
 * request, the replay sets up what makes the server give that answer: the user's record, a fault
 * of its fault injection, a right or a wrong code, and (per server) the attempt limit. The answers
 * themselves are not made up: the replay checks that the server really gave them.
 */
import type { Faults } from '@passage-otp/dev-server'
import type { OtpAuthErrorKind } from '../../src/errors'
import type { OtpAuthTestEvent, OtpAuthTestStep, OtpRequestName } from '../../src/testing'

/** A request's answer as a path names it: `kind` is `null` when it succeeded. */
export interface Answer {
  request: OtpRequestName
  kind: OtpAuthErrorKind | null
}

export function answerOf(event: OtpAuthTestEvent): Answer | null {
  const found =
    /^xstate\.(done|error)\.actor\.(requestLoginOtp|requestRegisterOtp|activateOtp)$/.exec(
      event.type,
    )
  if (!found) return null
  const kind =
    found[1] === 'done' ? null : (event as { error: { kind: OtpAuthErrorKind } }).error.kind
  return { request: found[2] as OtpRequestName, kind }
}

/**
 * Failures the server's fault injection gives before it handles the request. For `timeout` it
 * holds the request longer than the client waits; the replay lets the client's wait pass.
 */
const faults: Partial<Record<OtpAuthErrorKind, Faults>> = {
  rate_limited: { rateLimitRate: 1, retryAfterSeconds: 5 },
  network: { dropRate: 1 },
  server: { errorRate: 1 },
  timeout: { latencyMs: 600_000 },
}

const faultFor = (answer: Answer) => (answer.kind === null ? undefined : faults[answer.kind])

/** The user's record a send needs to get its answer: the server's rules for login and register. */
function userFor({ request, kind }: Answer): UserRecord | undefined {
  if (request === 'activateOtp' || faultFor({ request, kind })) return undefined
  if (request === 'requestLoginOtp') return kind === null ? 'active' : 'absent'
  return kind === null ? 'absent' : 'active'
}

/** The answers the server gives for what it handled, per request. */
const handled: Record<OtpRequestName, readonly (OtpAuthErrorKind | null)[]> = {
  requestLoginOtp: [null, 'user_not_found'],
  requestRegisterOtp: [null, 'user_exists'],
  activateOtp: [null, 'invalid_or_expired_code', 'too_many_attempts'],
}

/** `absent` also covers a user who never finished signing up (login: not found; register: works). */
export type UserRecord = 'active' | 'absent'

export interface Arrangement {
  user?: UserRecord
  faults?: Faults
  /** For a typed (or SMS-read) code: the code the server sent, or another one. */
  code?: 'right' | 'wrong'
}

/** The answers to the requests a step starts: the answer steps right after it. */
function answersAfter(steps: readonly OtpAuthTestStep[], index: number): Answer[] {
  const answers: Answer[] = []
  for (const step of steps.slice(index + 1)) {
    const answer = answerOf(step.event)
    if (answer === null) break
    answers.push(answer)
  }
  return answers
}

/** What to set up before step `index` so that its requests get the answers the path names. */
export function arrangementFor(steps: readonly OtpAuthTestStep[], index: number): Arrangement {
  const answers = answersAfter(steps, index)
  const user = answers.map(userFor).find((record) => record !== undefined)
  const fault = answers.map(faultFor).find((set) => set !== undefined)
  const code = entersCode(steps[index]?.event) ? codeFor(steps, index) : undefined
  return {
    ...(user ? { user } : {}),
    ...(fault ? { faults: fault } : {}),
    ...(code ? { code } : {}),
  }
}

// The code is held through a failure a retry repeats: the first answer the server gives to a
// handled activation (not a fault) decides whether it must be right.
function codeFor(steps: readonly OtpAuthTestStep[], index: number): 'right' | 'wrong' {
  for (const step of steps.slice(index + 1)) {
    if (entersCode(step.event)) break
    const answer = answerOf(step.event)
    if (answer?.request !== 'activateOtp' || faultFor(answer)) continue
    return answer.kind === null ? 'right' : 'wrong'
  }
  return 'right'
}

/** A well-formed code typed or read from an SMS: one the server will be asked about. */
export function entersCode(event: OtpAuthTestEvent | undefined): boolean {
  if (event?.type === 'xstate.done.actor.readSmsCode') return true
  const code = event?.type === 'code.submit' ? (event as { code: unknown }).code : undefined
  return typeof code === 'string' && code.replace(/[\s-]/g, '').length === 6
}

const inFlight: readonly string[] = ['requesting', 'activating']

/** The dev server's default attempt limit, used where a path does not need a lower one. */
const DEFAULT_MAX_ATTEMPTS = 5

/**
 * The attempt limit the server needs for `steps`, or why the real server cannot drive them: a
 * user event sent while a request is in flight (its answer would race it), answers that need the
 * user both present and absent, a fault in a chain of requests (a fault holds for every
 * request), or attempt limits that disagree.
 */
export function serverFor(steps: readonly OtpAuthTestStep[]): { maxAttempts: number } | string {
  let tries = 0
  let atLeast = 1
  const limits = new Set<number>()
  for (const [index, step] of steps.entries()) {
    const answer = answerOf(step.event)
    if (answer === null) {
      if (inFlight.includes(steps[index - 1]?.step ?? 'idle')) {
        return `${step.event.type} while a request is in flight`
      }
      const answers = answersAfter(steps, index)
      if (new Set(answers.map(userFor).filter(Boolean)).size > 1) {
        return 'answers that need the user both present and absent'
      }
      if (answers.length > 1 && answers.some(faultFor)) return 'a fault in a chain of requests'
      if (step.event.type === 'flow.restore') tries = 0
      continue
    }
    if (!faultFor(answer) && !handled[answer.request].includes(answer.kind)) {
      return `no setup makes the server answer ${answer.kind}`
    }
    if (faultFor(answer)) continue
    if (answer.request !== 'activateOtp') {
      if (answer.kind === null) tries = 0
      continue
    }
    tries += 1
    if (answer.kind === 'too_many_attempts') limits.add(tries)
    if (answer.kind === 'invalid_or_expired_code') atLeast = Math.max(atLeast, tries + 1)
  }
  if (limits.size > 1) return 'two attempt limits'
  const maxAttempts = [...limits][0] ?? DEFAULT_MAX_ATTEMPTS
  return maxAttempts < atLeast
    ? 'an attempt limit below the wrong codes it allows'
    : { maxAttempts }
}

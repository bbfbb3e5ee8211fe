import type {
  ActivateOtpInput,
  AuthResult,
  OtpSent,
  PassageOtpClient,
  RequestOptions,
  RequestOtpInput,
} from '../../src/client'
import {
  type ControllableClient,
  createControllableClient,
  type OtpRequestName,
} from '../../src/testing'

/** A request that was aborted but whose answer can still "arrive" later. */
export interface LateCall {
  name: OtpRequestName
  input: unknown
  resolve(value: OtpSent | AuthResult): void
  reject(error: unknown): void
}

export interface LateResponseClient extends ControllableClient {
  /** Aborted requests not settled yet, oldest first. */
  late(): readonly LateCall[]
  /** Settles the `index`-th aborted request, as a server answering after the cancel would. */
  settleLate(index: number, outcome: { ok: true } | { ok: false; error: unknown }): LateCall
}

/**
 * The controllable client of `@passage-otp/core/testing`, wrapped so that an aborted request does
 * not reject at once: like a server that answers anyway and a client that ignores the abort, its
 * answer can be delivered whenever the test wants. The machine must ignore it.
 */
export function createLateResponseClient(): LateResponseClient {
  const inner = createControllableClient()
  const late: LateCall[] = []
  let answers = 0

  const wrap =
    <I, O>(name: OtpRequestName, call: (input: I, options?: RequestOptions) => Promise<O>) =>
    (input: I, options?: RequestOptions) =>
      new Promise<O>((resolve, reject) => {
        const signal = options?.signal
        call(input, options).then(
          (value) => {
            if (!signal?.aborted) resolve(value)
          },
          (error: unknown) => {
            if (!signal?.aborted) return reject(error)
            late.push({
              name,
              input,
              resolve: resolve as LateCall['resolve'],
              reject,
            })
          },
        )
      })

  const client: PassageOtpClient = {
    ...inner.client,
    requestLoginOtp: wrap<RequestOtpInput, OtpSent>(
      'requestLoginOtp',
      inner.client.requestLoginOtp,
    ),
    requestRegisterOtp: wrap<RequestOtpInput, OtpSent>(
      'requestRegisterOtp',
      inner.client.requestRegisterOtp,
    ),
    activateOtp: wrap<ActivateOtpInput, AuthResult>('activateOtp', inner.client.activateOtp),
  }

  return {
    client,
    get calls() {
      return inner.calls
    },
    pending: inner.pending,
    resolve: inner.resolve,
    reject: inner.reject,
    late: () => late,
    settleLate(index, outcome) {
      const [call] = late.splice(index % late.length, 1)
      if (!call) throw new Error('No late request to settle.')
      answers += 1
      if (!outcome.ok) call.reject(outcome.error)
      else if (call.name === 'activateOtp') call.resolve(lateAuthResult(answers))
      else call.resolve({ otpId: `late-otp-${answers}` })
      return call
    },
  }
}

export const lateAuthResult = (n: number): AuthResult => ({
  authToken: `late-token-${n}`,
  redirectUrl: '/late',
  refreshToken: `late-refresh-${n}`,
})

import { type Actor, type ActorOptions, createActor, fromPromise } from 'xstate'
import {
  type ActivateOtpInput,
  type AuthResult,
  createOtpRequests,
  type OtpRequests,
  type OtpSent,
  type PassageOtpClient,
  type PassageOtpClientOptions,
  type RequestOtpInput,
} from './client'
import { otpAuthMachine } from './machine'
import type { FlowPersistence } from './persistence'
import { type RedactOptions, redactInspector } from './redact'
import type { OtpAuthInput } from './types'
import type { WebOtpReader } from './web-otp'

export type OtpAuthClientOptions = { client: PassageOtpClient } | PassageOtpClientOptions

export type OtpAuthLogicOptions = OtpAuthClientOptions & {
  /**
   * Read the code from the SMS with the Web OTP API where the browser has it: pass
   * `createWebOtpReader()`. Left out, the Web OTP code is not in your bundle.
   */
  webOtp?: WebOtpReader
}

export type OtpAuthOptions = OtpAuthLogicOptions & {
  input?: OtpAuthInput
  /** An inspector such as `createBrowserInspector().inspect` from `@statelyai/inspect`. */
  inspect?: ActorOptions<typeof otpAuthMachine>['inspect']
  /**
   * What the inspector may see. Codes and tokens are always masked; pass
   * `{ identifiers: true }` to mask email addresses and phone numbers too.
   */
  redact?: RedactOptions
  /**
   * Keep the flow across reloads: pass `createFlowPersistence({ storage })` with
   * `sessionStorage`, AsyncStorage, …. Left out, the persistence code is not in your bundle.
   */
  persist?: FlowPersistence
}

// A request aborted because its actor stopped must not report back: when `@xstate/react` revives
// a stopped actor (StrictMode, `<Activity>`), the revived request sends again and answers instead.
const unlessAborted = <T>(signal: AbortSignal, request: Promise<T>) =>
  request.catch((error: unknown) => {
    if (signal.aborted) return new Promise<T>(() => {})
    throw error
  })

function provideClient(client: OtpRequests, webOtp: WebOtpReader | undefined) {
  return otpAuthMachine.provide({
    actors: {
      requestLoginOtp: fromPromise<OtpSent, RequestOtpInput>(({ input, signal }) =>
        unlessAborted(signal, client.requestLoginOtp(input, { signal })),
      ),
      requestRegisterOtp: fromPromise<OtpSent, RequestOtpInput>(({ input, signal }) =>
        unlessAborted(signal, client.requestRegisterOtp(input, { signal })),
      ),
      activateOtp: fromPromise<AuthResult, ActivateOtpInput>(({ input, signal }) =>
        unlessAborted(signal, client.activateOtp(input, { signal })),
      ),
      ...(webOtp ? { readSmsCode: webOtp } : {}),
    },
  })
}

export type OtpAuthLogic = ReturnType<typeof provideClient>
export type OtpAuthActor = Actor<OtpAuthLogic>

// Providing is the costliest part of starting a flow, and the logic holds no state of a flow:
// it is made once per client (and reader), and a client once per app settings without a `fetch`.
// From app settings, a flow makes only the three calls it sends, not the session's.
const logicByClient = new WeakMap<OtpRequests, Map<WebOtpReader | undefined, OtpAuthLogic>>()
const clientBySettings = new Map<string, OtpRequests>()

interface Cache<K, V> {
  get(key: K): V | undefined
  set(key: K, value: V): unknown
}

function cached<K, V>(cache: Cache<K, V>, key: K, make: () => V): V {
  const found = cache.get(key)
  if (found !== undefined) return found
  const made = make()
  cache.set(key, made)
  return made
}

function clientOf(options: OtpAuthClientOptions): OtpRequests {
  if ('client' in options) return options.client
  if (options.fetch) return createOtpRequests(options)
  const key = JSON.stringify([options.appId, options.baseURL, options.timeoutMs])
  return cached(clientBySettings, key, () => createOtpRequests(options))
}

/**
 * The machine with its requests bound to a Passage client; the same logic for the same client.
 *
 * @example
 * ```ts
 * import { createOtpAuthLogic } from '@passage-otp/core'
 * import { createActor } from 'xstate'
 *
 * const logic = createOtpAuthLogic({ appId: 'demo', baseURL: 'http://127.0.0.1:8787/v1' })
 * const actor = createActor(logic, { input: {} }).start()
 * actor.send({ type: 'identifier.submit', identifier: 'ada@example.com' })
 * ```
 */
export function createOtpAuthLogic(options: OtpAuthLogicOptions): OtpAuthLogic {
  const { webOtp } = options
  if (webOtp !== undefined && typeof webOtp?.transition !== 'function') {
    throw new TypeError(
      // The sentence for development only, as bundlers fold it; production names the option.
      typeof process === 'object' && process.env.NODE_ENV !== 'production'
        ? 'createOtpAuthLogic: `webOtp` takes `createWebOtpReader()`.'
        : 'webOtp',
    )
  }
  const client = clientOf(options)
  const logics = cached(
    logicByClient,
    client,
    () => new Map<WebOtpReader | undefined, OtpAuthLogic>(),
  )
  return cached(logics, webOtp, () => provideClient(client, webOtp))
}

/**
 * The actor options of a flow: its input and, if any, the inspector behind redaction.
 *
 * @example
 * ```ts
 * import { createOtpAuthLogic, toOtpAuthActorOptions } from '@passage-otp/core'
 * import { createActor } from 'xstate'
 *
 * const options = { appId: 'demo', input: { resendCooldownMs: 60_000 } }
 * const actor = createActor(createOtpAuthLogic(options), toOtpAuthActorOptions(options))
 * ```
 */
export function toOtpAuthActorOptions(options: OtpAuthOptions) {
  const { input, inspect, redact } = options
  return { input, ...(inspect ? { inspect: redactInspector(inspect, redact) } : {}) }
}

/**
 * A ready-to-start actor for one OTP flow; with `persist`, it saves and restores itself.
 *
 * @example
 * ```ts
 * import { createFlowPersistence, createOtpAuthActor } from '@passage-otp/core'
 *
 * const persist = createFlowPersistence({ storage: sessionStorage })
 * const actor = createOtpAuthActor({ appId: 'demo', persist })
 * actor.on('authenticated', ({ authResult }) => window.location.assign(authResult.redirectUrl))
 * actor.start()
 * actor.send({ type: 'identifier.submit', identifier: 'ada@example.com', intent: 'auto' })
 * ```
 */
export function createOtpAuthActor(options: OtpAuthOptions): OtpAuthActor {
  const actor = createActor(createOtpAuthLogic(options), toOtpAuthActorOptions(options))
  // A restore sent before `start()` waits in the actor's mailbox until it starts.
  connectOtpAuth(actor, options)
  return actor
}

/**
 * Connects a running flow to what lives outside it (today: persistence, when `persist` is set).
 * Adapters call it when the component mounts; the returned function disconnects.
 *
 * @example
 * ```ts
 * import { connectOtpAuth, createFlowPersistence, createOtpAuthLogic } from '@passage-otp/core'
 * import { createActor } from 'xstate'
 *
 * const options = { appId: 'demo', persist: createFlowPersistence({ storage: sessionStorage }) }
 * const actor = createActor(createOtpAuthLogic(options), { input: {} }).start()
 * const disconnect = connectOtpAuth(actor, options)
 * // when the screen goes away:
 * disconnect()
 * ```
 */
export function connectOtpAuth(
  actor: Parameters<FlowPersistence>[0],
  options: OtpAuthOptions,
): () => void {
  const { persist } = options
  if (persist === undefined) return () => {}
  if (typeof persist !== 'function') {
    throw new TypeError(
      // The sentence for development only, as bundlers fold it; production names the option.
      typeof process === 'object' && process.env.NODE_ENV !== 'production'
        ? 'connectOtpAuth: `persist` takes `createFlowPersistence({ storage })`.'
        : 'persist',
    )
  }
  return persist(actor)
}

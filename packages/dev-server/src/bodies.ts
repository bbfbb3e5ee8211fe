import * as v from 'valibot'
import { USER_STATUSES } from './users'

/** A field that must be a string when present. */
const text = (name: string) => v.string(`${name}: must be a string.`)

/** A field that must be a non-blank string. */
const required = (name: string) =>
  v.pipe(
    v.optional(text(name), ''),
    v.check((value) => value.trim() !== '', `${name}: cannot be blank.`),
  )

// Passage's request bodies; unknown fields are ignored.

/** `POST login/otp` and `register/otp` */
export const SendCodeBody = v.object({
  identifier: required('identifier'),
  language: v.optional(text('language')),
})

/** `POST otp/activate` */
export const ActivateBody = v.object({ otp: required('otp'), otp_id: required('otp_id') })

/** `POST tokens` */
export const RefreshBody = v.object({ refresh_token: required('refresh_token') })

// The dev routes' bodies.

/** `POST /__dev/users` */
export const SetUserBody = v.object({
  identifier: text('identifier'),
  status: v.optional(
    v.picklist(USER_STATUSES, "status: must be 'active', 'pending' or 'inactive'."),
    'active',
  ),
  appId: v.optional(text('appId')),
})

/** `POST /__dev/faults`: any object; `normalizeFaults` names a bad field. */
export const FaultsBody = v.record(v.string(), v.unknown())

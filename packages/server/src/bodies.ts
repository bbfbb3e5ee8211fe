import * as v from 'valibot'

/** A field that must be a string when present. */
export const text = (name: string) => v.string(`${name}: must be a string.`)

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

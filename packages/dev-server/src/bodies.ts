import * as v from 'valibot'
import { USER_STATUSES } from './users'

// The dev routes' bodies.

/** `POST /__dev/users` */
export const SetUserBody = v.object({
  identifier: v.string('identifier: must be a string.'),
  status: v.optional(
    v.picklist(USER_STATUSES, "status: must be 'active', 'pending' or 'inactive'."),
    'active',
  ),
  appId: v.optional(v.string('appId: must be a string.')),
})

/** `POST /__dev/faults`: any object; `normalizeFaults` names a bad field. */
export const FaultsBody = v.record(v.string(), v.unknown())

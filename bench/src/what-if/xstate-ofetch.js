// Reference: what the core imports from xstate and ofetch, with no machine and no client of ours.
import { ofetch } from 'ofetch'
import { assign, createActor, emit, fromPromise, setup } from 'xstate'

export { assign, createActor, emit, fromPromise, ofetch, setup }
